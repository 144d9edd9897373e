<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
<context>
    <name>AccountsDialog</name>
    <message numerus="yes">
        <location filename="../../cdnmon/gui/dialogs/accounts.py" line="+483"/>
        <source>OK: %n domains (%1)</source>
        <translation>
            <numerusform>OK: %n domain (%1)</numerusform>
            <numerusform>OK: %n domains (%1)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>AlertsDialog</name>
    <message numerus="yes">
        <location filename="../../cdnmon/gui/dialogs/alerts.py" line="+372"/>
        <source>%n waiting</source>
        <translation>
            <numerusform>%n waiting</numerusform>
            <numerusform>%n waiting</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+6"/>
        <source>(%n not delivered)</source>
        <translation>
            <numerusform>(%n not delivered)</numerusform>
            <numerusform>(%n not delivered)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+8"/>
        <source>%1: waiting (%n tries)</source>
        <translation>
            <numerusform>%1: waiting (%n try)</numerusform>
            <numerusform>%1: waiting (%n tries)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ChartPanel</name>
    <message numerus="yes">
        <location filename="../../cdnmon/gui/charts/panel.py" line="+471"/>
        <location line="+70"/>
        <location line="+31"/>
        <source>and %n more</source>
        <translation>
            <numerusform>and %n more</numerusform>
            <numerusform>and %n more</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>DesktopAlerts</name>
    <message numerus="yes">
        <location filename="../../cdnmon/gui/alerting.py" line="+179"/>
        <source>(and %n more alerts)</source>
        <translation>
            <numerusform>(and %n more alert)</numerusform>
            <numerusform>(and %n more alerts)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+102"/>
        <source>%1 (and %n more targets)</source>
        <translation>
            <numerusform>%1 (and %n more target)</numerusform>
            <numerusform>%1 (and %n more targets)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message numerus="yes">
        <location filename="../../cdnmon/gui/window/main_window.py" line="+529"/>
        <source>%n fetches running</source>
        <translation>
            <numerusform>%n fetch running</numerusform>
            <numerusform>%n fetches running</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ReportDialog</name>
    <message numerus="yes">
        <location filename="../../cdnmon/gui/dialogs/report.py" line="+405"/>
        <source>%1 to %2 UTC · %n domains · from 5-minute points</source>
        <translation>
            <numerusform>%1 to %2 UTC · %n domain · from 5-minute points</numerusform>
            <numerusform>%1 to %2 UTC · %n domains · from 5-minute points</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+39"/>
        <source>Copied %n rows as CSV</source>
        <translation>
            <numerusform>Copied %n row as CSV</numerusform>
            <numerusform>Copied %n rows as CSV</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ReportModel</name>
    <message numerus="yes">
        <location line="-221"/>
        <source>From %n 5-minute points</source>
        <translation>
            <numerusform>From %n 5-minute point</numerusform>
            <numerusform>From %n 5-minute points</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>WallWindow</name>
    <message numerus="yes">
        <location filename="../../cdnmon/gui/wall/window.py" line="+181"/>
        <source>%1 · %n domains</source>
        <translation>
            <numerusform>%1 · %n domain</numerusform>
            <numerusform>%1 · %n domains</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+113"/>
        <source>%1 (and %n more crossings)</source>
        <translation>
            <numerusform>%1 (and %n more crossing)</numerusform>
            <numerusform>%1 (and %n more crossings)</numerusform>
        </translation>
    </message>
</context>
</TS>
