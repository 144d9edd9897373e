<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AboutDialog</name>
    <message>
        <location filename="../../cdnmon/gui/dialogs/about.py" line="+139"/>
        <source>About cdnmon</source>
        <translation>关于 cdnmon</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>About &amp;Qt</source>
        <translation>关于 Qt(&amp;Q)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Copy details</source>
        <translation>复制详细信息(&amp;C)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Version, folders, keyring and components as text</source>
        <translation>以文本形式复制版本、文件夹、密钥环和组件信息</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Checking…</source>
        <translation>正在检查…</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Not checked</source>
        <translation>未检查</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>A desktop monitor for CDN origin-pull bandwidth</source>
        <translation>CDN 回源带宽桌面监控工具</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Python %1, Qt %2, PySide6 %3, %4</source>
        <translation>Python %1，Qt %2，PySide6 %3，%4</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>standalone bundle</source>
        <translation>独立安装包</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>from source</source>
        <translation>源码运行</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Files</source>
        <translation>文件</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Settings:</source>
        <translation>设置：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>History:</source>
        <translation>历史数据：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Logs:</source>
        <translation>日志：</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Open</source>
        <translation>打开</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Not created yet: cdnmon has not written anything here</source>
        <translation>尚未创建：cdnmon 还没有在这里写入任何内容</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Show this folder in the file manager</source>
        <translation>在文件管理器中显示此文件夹</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Secrets:</source>
        <translation>密钥：</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Built with</source>
        <translation>使用的组件</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Component</source>
        <translation>组件</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Version</source>
        <translation>版本</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Licence</source>
        <translation>许可证</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Qt and PySide6 are used under the GNU LGPL version 3: they are separate libraries in the application folder and can be replaced with other builds.</source>
        <translation>Qt 和 PySide6 依据 GNU LGPL 第 3 版使用：它们是应用程序文件夹中独立的库，可以替换为其他构建版本。</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>%1 (the system keyring)</source>
        <translation>%1（系统密钥环）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1: cannot keep secrets, so cdnmon stores none</source>
        <translation>%1：无法安全保存密钥，因此 cdnmon 不保存任何密钥</translation>
    </message>
</context>
<context>
    <name>AccountForm</name>
    <message>
        <location filename="../../cdnmon/gui/dialogs/account_form.py" line="+26"/>
        <source>Secret&amp;Id</source>
        <translation>SecretId(&amp;I)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Secret&amp;Key</source>
        <translation>SecretKey(&amp;K)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The SecretId of a Tencent Cloud API key. Tencent Cloud console: Cloud Access Management (CAM) → Access Key → API Keys. A sub-account needs read access to CDN or EdgeOne, granted in CAM. It starts with AKID.</source>
        <translation>腾讯云 API 密钥的 SecretId。腾讯云控制台：访问管理（CAM）→ 访问密钥 → API 密钥管理。子账号需要在访问管理中获得 CDN 或 EdgeOne 的读取权限。以 AKID 开头。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The SecretKey belonging to the SecretId. The console shows it only when the key is created (CAM → Access Key → API Keys); if it is lost, create a new key. Kept in the OS keyring, never in a file.</source>
        <translation>与该 SecretId 配对的 SecretKey。控制台只在创建密钥时显示它（访问管理 → 访问密钥 → API 密钥管理）；如已遗失，请新建一个密钥。保存在系统密钥环中，绝不写入文件。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Access key &amp;ID (AK)</source>
        <translation>访问密钥 ID（AK）(&amp;I)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Secret access &amp;key (SK)</source>
        <translation>秘密访问密钥（SK）(&amp;K)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>AccessKey &amp;ID</source>
        <translation>AccessKey ID(&amp;I)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Public &amp;key</source>
        <translation>公钥(&amp;K)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>User &amp;ID (optional)</source>
        <translation>用户名(可选)(&amp;I)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>AccessKey sec&amp;ret</source>
        <translation>AccessKey Secret(&amp;R)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Pri&amp;vate key</source>
        <translation>私钥(&amp;V)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Pass&amp;word or token (optional)</source>
        <translation>密码或令牌(可选)(&amp;W)</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>The AccessKey ID of a RAM user allowed to read CDN data (the AliyunCDNReadOnlyAccess policy is enough). Alibaba Cloud console: RAM → Identities → Users → the user → AccessKey. It starts with LTAI.</source>
        <translation>有权读取 CDN 数据的 RAM 用户的 AccessKey ID（授予 AliyunCDNReadOnlyAccess 策略即可）。阿里云控制台：RAM 访问控制 → 身份管理 → 用户 → 该用户 → AccessKey。以 LTAI 开头。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The API public key. UCloud console: account menu (top right) → API keys (API 密钥) → Public key. A sub-account needs permission to read UCDN.</source>
        <translation>API 公钥。UCloud 控制台：右上角账号菜单 → API 密钥 → 公钥。子账号需要有读取 UCDN 的权限。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The Access Key ID (AK) of an IAM user allowed to read CDN statistics (the CDN ReadOnlyAccess policy is enough). Huawei Cloud console: My Credentials → Access Keys → Create Access Key. No project id is needed: CDN is a global service.</source>
        <translation>可读取 CDN 统计数据的 IAM 用户的访问密钥 ID（AK）（授予 CDN ReadOnlyAccess 策略即可）。华为云控制台：我的凭证 → 访问密钥 → 新增访问密钥。无需项目 ID：CDN 是全局服务。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The Access Key ID of an IAM user allowed to read CDN data (CDNReadOnlyAccess). Volcengine console: account menu (top right) → API Access Keys (API 访问密钥). It usually starts with AKL.</source>
        <translation>可读取 CDN 数据的 IAM 用户的 Access Key ID（CDNReadOnlyAccess）。火山引擎控制台：右上角账号菜单 → API 访问密钥。通常以 AKL 开头。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>A Prometheus that cdnmon collect feeds: its URL goes under Endpoint URL. Leave the user name empty unless the server asks for HTTP basic auth.</source>
        <translation>由 cdnmon collect 写入数据的 Prometheus：在“API 地址”中填写它的地址。除非服务器要求 HTTP 基本认证，用户名留空即可。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The AccessKey secret belonging to the ID. The console shows it only once, when the AccessKey is created (RAM → Users → the user → Create AccessKey); if it is lost, create a new AccessKey. Kept in the OS keyring, never in a file.</source>
        <translation>与该 ID 配对的 AccessKey Secret。控制台只在创建 AccessKey 时显示一次（RAM 访问控制 → 用户 → 该用户 → 创建 AccessKey）；如已遗失，请新建一个 AccessKey。保存在系统密钥环中，绝不写入文件。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The API private key, shown next to the public key in the UCloud console (account menu → API keys). Kept in the OS keyring, never in a file.</source>
        <translation>API 私钥，在 UCloud 控制台中显示在公钥旁边（账号菜单 → API 密钥）。保存在系统密钥环中，绝不写入文件。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The Secret Access Key (SK) in the credentials file downloaded when the access key was created; the console never shows it again. Kept in the OS keyring, never in a file.</source>
        <translation>创建访问密钥时下载的凭证文件中的秘密访问密钥（SK）；控制台不会再次显示。保存在操作系统密钥环中，绝不写入文件。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The Secret Access Key shown next to the ID when the key is created (API Access Keys). Kept in the OS keyring, never in a file.</source>
        <translation>创建密钥时显示在 ID 旁边的 Secret Access Key（API 访问密钥）。保存在操作系统密钥环中，绝不写入文件。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The basic-auth password, or alone a bearer token; empty for a server that asks for none. Kept in the OS keyring, never in a file.</source>
        <translation>基本认证的密码；不填用户名时为 Bearer 令牌；服务器不要求认证时留空。保存在系统密钥环中，从不写入文件。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Mainland China</source>
        <translation>中国境内</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Outside mainland China</source>
        <translation>中国境外</translation>
    </message>
    <message>
        <location line="+100"/>
        <source>e.g. prod</source>
        <translation>例如 prod</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>org-… (sub-accounts only)</source>
        <translation>org-…（仅子账号需要）</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>&amp;Provider</source>
        <translation>云服务商(&amp;P)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Account &amp;name</source>
        <translation>账号名称(&amp;N)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Pro&amp;ject id</source>
        <translation>项目 ID(&amp;J)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A&amp;rea</source>
        <translation>区域(&amp;R)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Endpoint &amp;URL</source>
        <translation>API 地址(&amp;U)</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The cloud whose CDN serves this account&apos;s domains.</source>
        <translation>为该账号的域名提供 CDN 服务的云服务商。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>A name you choose to tell accounts at the same provider apart, e.g. prod or staging. Letters, digits, &apos;-&apos;, &apos;_&apos; or &apos;.&apos;.</source>
        <translation>自己取的名称，用于区分同一云服务商下的多个账号，例如 prod 或 staging。可使用字母、数字、“-”、“_”或“.”。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The UCloud project id (org-…), listed in the console under the account menu → Projects. Sub-accounts must give one; leave it empty to use the main account&apos;s default project.</source>
        <translation>UCloud 项目 ID（org-…），可在控制台的账号菜单 → 项目管理中查看。子账号必须填写；留空则使用主账号的默认项目。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Where this account&apos;s domains serve. Outside mainland China the API has no 1-minute data: points come every 5 minutes.</source>
        <translation>此账号的域名在哪里提供服务。中国境外没有 1 分钟粒度的数据：每 5 分钟一个点。</translation>
    </message>
    <message>
        <location line="+51"/>
        <source>give the account a name, e.g. prod or staging</source>
        <translation>请为账号取一个名称，例如 prod 或 staging</translation>
    </message>
    <message>
        <location line="+4"/>
        <location line="+2"/>
        <source>enter the %1</source>
        <translation>请输入 %1</translation>
    </message>
    <message>
        <location line="+45"/>
        <source>The API address. Leave it empty for the public API of %1 (%2). Set it only for a private endpoint or the built-in emulator (http://127.0.0.1:PORT/).</source>
        <translation>API 地址。留空即使用 %1 的公共 API（%2）。仅在使用私有接入点或内置模拟器（http://127.0.0.1:端口/）时填写。</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>unchanged — the keyring is not usable now (see above)</source>
        <translation>保持不变 — 密钥环当前不可用（见上方）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>required — the keyring is not usable now (see above)</source>
        <translation>必填 — 密钥环当前不可用（见上方）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>the OS keyring</source>
        <translation>系统密钥环</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>unchanged — stored in %1</source>
        <translation>保持不变 — 已保存在 %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>required — kept in %1</source>
        <translation>必填 — 将保存在 %1</translation>
    </message>
</context>
<context>
    <name>AccountsDialog</name>
    <message>
        <location filename="../../cdnmon/gui/dialogs/accounts.py" line="+72"/>
        <source>Failed unexpectedly (%1)</source>
        <translation>意外失败（%1）</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>CDN accounts</source>
        <translation>CDN 账号</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>Accounts cdnmon knows; select one to change or test it</source>
        <translation>cdnmon 已配置的账号；选中一个即可修改或测试</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Add</source>
        <translation>添加(&amp;A)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Add an account (Ctrl+N)</source>
        <translation>添加账号（Ctrl+N）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Change the selected account</source>
        <translation>修改选中的账号</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Re&amp;move</source>
        <translation>删除(&amp;M)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Remove the selected account and its secret (Delete)</source>
        <translation>删除选中的账号及其密钥（Delete）</translation>
    </message>
    <message>
        <location line="+23"/>
        <location line="+129"/>
        <source>Cancel &amp;test</source>
        <translation>取消测试(&amp;T)</translation>
    </message>
    <message>
        <location line="-128"/>
        <source>List the account&apos;s CDN domains with these values</source>
        <translation>用当前填写的信息获取该账号的 CDN 域名列表</translation>
    </message>
    <message>
        <location line="+5"/>
        <location line="+123"/>
        <source>&amp;Test connection</source>
        <translation>测试连接(&amp;T)</translation>
    </message>
    <message>
        <location line="-120"/>
        <source>&amp;Save</source>
        <translation>保存(&amp;S)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Store the account; the secret goes to the OS keyring</source>
        <translation>保存账号；密钥存入系统密钥环</translation>
    </message>
    <message>
        <location line="+92"/>
        <source>New account</source>
        <translation>新账号</translation>
    </message>
    <message>
        <location line="+64"/>
        <source>Environment variables work instead: %1.</source>
        <translation>也可以改用环境变量：%1。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Secrets cannot be stored.</source>
        <translation>无法保存密钥。</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>%1 already exists; select it to change it</source>
        <translation>%1已存在；如需修改，请在列表中选中它</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>No secret is stored for %1; type the %2 to save it under the new name</source>
        <translation>没有保存 %1 的密钥；请输入 %2，以便以新名称保存</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Saving…</source>
        <translation>正在保存…</translation>
    </message>
    <message>
        <location line="+16"/>
        <location line="+19"/>
        <source>the OS keyring</source>
        <translation>系统密钥环</translation>
    </message>
    <message>
        <location line="-17"/>
        <source>Saved %1; its secret is in %2.</source>
        <translation>%1已保存；密钥存放在 %2 中。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Saved %1; the stored secret is unchanged.</source>
        <translation>%1已保存；已存的密钥未改动。</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Remove account</source>
        <translation>删除账号</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Remove %1?

Its secret is deleted from %2.</source>
        <translation>确定删除以下账号吗？
%1

其密钥将从 %2 中删除。</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Removing…</source>
        <translation>正在删除…</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Removed %1.</source>
        <translation>%1已删除。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Test cancelled.</source>
        <translation>测试已取消。</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>No secret is stored for %1 in %2; type it and test again</source>
        <translation>%2 中没有保存 %1 的密钥；请输入后重新测试</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>Testing %1…</source>
        <translation>正在测试连接（%1）…</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>OK: the account answered, but it has no CDN domains</source>
        <translation>连接成功：账号有响应，但没有 CDN 域名</translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>OK: %n domains (%1)</source>
        <translation>
            <numerusform>连接成功：%n 个域名（%1）</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>AlertEditors</name>
    <message>
        <location filename="../../cdnmon/gui/dialogs/alert_editors.py" line="+53"/>
        <source>Origin at or above a level</source>
        <translation>回源带宽达到或超过阈值</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Origin up on the same time yesterday</source>
        <translation>回源带宽较昨日同一时间上涨</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Offload below a share</source>
        <translation>卸载率低于阈值</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No settled data</source>
        <translation>没有已确定的数据</translation>
    </message>
</context>
<context>
    <name>AlertText</name>
    <message>
        <location filename="../../cdnmon/alerts/text.py" line="+35"/>
        <source>[cdnmon] ALERT: {subject} ({account})</source>
        <translation>[cdnmon] 告警：{subject}（{account}）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>[cdnmon] RESOLVED: {subject} ({account})</source>
        <translation>[cdnmon] 已恢复：{subject}（{account}）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{provider} account &apos;{name}&apos;</source>
        <translation>{provider}账号“{name}”</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Domains: {domains}</source>
        <translation>域名：{domains}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Time: {time}</source>
        <translation>时间：{time}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Rule: {rule}</source>
        <translation>规则：{rule}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&apos;{name}&apos;: {rule}</source>
        <translation>“{name}”：{rule}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source> for {duration}</source>
        <translation>，持续 {duration}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Origin {value} is at or above {level}{lasting}.</source>
        <translation>回源带宽 {value}，达到或超过 {level}{lasting}。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Origin {value} is back below {level}.</source>
        <translation>回源带宽 {value}，已回落到 {level} 以下。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Origin {value} is {change} on the same time yesterday ({yesterday}){lasting}; the limit is {limit}.</source>
        <translation>回源带宽 {value}，较昨日同一时间（{yesterday}）{change}{lasting}；阈值为 {limit}。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Origin {value} is {change} on the same time yesterday ({yesterday}), back below {limit}.</source>
        <translation>回源带宽 {value}，较昨日同一时间（{yesterday}）{change}，已回落到 {limit} 以下。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Offload {share} (origin {origin} of {edge} at the edge) is below {limit}{lasting}.</source>
        <translation>卸载率 {share}（边缘 {edge}，回源 {origin}），低于 {limit}{lasting}。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Offload {share} (origin {origin} of {edge} at the edge) is back at or above {limit}.</source>
        <translation>卸载率 {share}（边缘 {edge}，回源 {origin}），已回升到 {limit} 或以上。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>No settled data for {silence} past the provider&apos;s delay ({newest}).</source>
        <translation>除服务商的正常延迟外，已有 {silence} 没有已确定的数据（{newest}）。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Settled data again ({newest}).</source>
        <translation>已确定的数据已恢复（{newest}）。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>newest point {time}</source>
        <translation>最新数据点 {time}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>no point held</source>
        <translation>暂无数据点</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>origin at or above {level}{lasting}</source>
        <translation>回源带宽达到或超过 {level}{lasting}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>origin up {limit} on yesterday{lasting}</source>
        <translation>回源带宽较昨日上涨 {limit}{lasting}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>origin up {limit} on yesterday{lasting} (from {floor})</source>
        <translation>回源带宽较昨日上涨 {limit}{lasting}（不低于 {floor} 时）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>offload below {limit}{lasting}</source>
        <translation>卸载率低于 {limit}{lasting}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>no settled data for {duration}</source>
        <translation>{duration} 没有已确定的数据</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>[cdnmon] Test message to &apos;{target}&apos;, sent {time}: cdnmon alerts will arrive here.</source>
        <translation>[cdnmon] 发给“{target}”的测试消息，发送于 {time}：cdnmon 告警将发送到这里。</translation>
    </message>
</context>
<context>
    <name>AlertsDialog</name>
    <message>
        <location filename="../../cdnmon/gui/dialogs/alert_editors.py" line="+7"/>
        <source>DingTalk</source>
        <translation>钉钉</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>WeCom</source>
        <translation>企业微信</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Feishu/Lark</source>
        <translation>飞书/Lark</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Slack</source>
        <translation>Slack</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>JSON webhook</source>
        <translation>JSON Webhook</translation>
    </message>
    <message>
        <location filename="../../cdnmon/gui/dialogs/alerts.py" line="+115"/>
        <source>Alerts</source>
        <translation>告警</translation>
    </message>
    <message>
        <location line="+54"/>
        <source>Target</source>
        <translation>目标</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Send &amp;test message</source>
        <translation>发送测试消息(&amp;T)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Send a message to the selected target now</source>
        <translation>立即向所选目标发送一条消息</translation>
    </message>
    <message>
        <location line="-53"/>
        <source>Targets</source>
        <translation>通知目标</translation>
    </message>
    <message>
        <location line="+73"/>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+121"/>
        <source>Alert</source>
        <translation>告警</translation>
    </message>
    <message>
        <location line="-120"/>
        <source>Domain</source>
        <translation>域名</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Account</source>
        <translation>账号</translation>
    </message>
    <message>
        <location line="-2"/>
        <source>Rule</source>
        <translation>规则</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delivery</source>
        <translation>投递</translation>
    </message>
    <message>
        <location line="-77"/>
        <source>History</source>
        <translation>历史</translation>
    </message>
    <message>
        <location line="-2"/>
        <source>Rules</source>
        <translation>规则</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Watches</source>
        <translation>监控对象</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Condition</source>
        <translation>条件</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Now</source>
        <translation>当前</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Double-click a rule to edit it</source>
        <translation>双击规则即可编辑</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Add…</source>
        <translation>添加(&amp;A)…</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Add a rule</source>
        <translation>添加一条规则</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Edit…</source>
        <translation>编辑(&amp;E)…</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Change the selected rule</source>
        <translation>修改所选规则</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Remove</source>
        <translation>删除(&amp;R)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Remove the selected rule</source>
        <translation>删除所选规则</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Where alert messages go; their URLs and secrets are in the system keyring</source>
        <translation>告警消息的发送目标；其 URL 和密钥保存在系统密钥环中</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>A&amp;dd…</source>
        <translation>添加(&amp;D)…</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Add a chat robot or webhook</source>
        <translation>添加聊天机器人或 Webhook</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Ed&amp;it…</source>
        <translation>编辑(&amp;I)…</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Change the selected target, its URL or its secret</source>
        <translation>修改所选目标及其 URL 或密钥</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Re&amp;move</source>
        <translation>删除(&amp;M)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Remove the selected target and its keyring entry</source>
        <translation>删除所选目标及其密钥环条目</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>Value</source>
        <translation>数值</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Every alert kept, newest first; click a column&apos;s title to sort by it</source>
        <translation>保留的所有告警，最新的在前；点击列标题可按该列排序</translation>
    </message>
    <message>
        <location line="+45"/>
        <source>wall: %1</source>
        <translation>大屏：%1</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Firing: %1</source>
        <translation>告警中：%1</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Quiet</source>
        <translation>正常</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>A threshold of the wall layout: change it in the layout file</source>
        <translation>大屏布局中的阈值：请在布局文件中修改</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>%1: every watched domain</source>
        <translation>%1：所有监控中的域名</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+2"/>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <location line="-1"/>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>Resolved</source>
        <translation>已恢复</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>no target</source>
        <translation>无目标</translation>
    </message>
    <message>
        <location line="+38"/>
        <source>Off</source>
        <translation>已停用</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Failing: %1</source>
        <translation>发送失败：%1</translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%n waiting</source>
        <translation>
            <numerusform>%n 条待发送</numerusform>
        </translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Working</source>
        <translation>正常</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Nothing sent yet</source>
        <translation>尚未发送</translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>(%n not delivered)</source>
        <translation>
            <numerusform>（%n 条未送达）</numerusform>
        </translation>
    </message>
    <message>
        <location line="+5"/>
        <source>%1: sent</source>
        <translation>%1：已发送</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1: not delivered</source>
        <translation>%1：未送达</translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%1: waiting (%n tries)</source>
        <translation>
            <numerusform>%1：待发送（已尝试 %n 次）</numerusform>
        </translation>
    </message>
    <message>
        <location line="+109"/>
        <source>Sending a test message to &apos;%1&apos;…</source>
        <translation>正在向“%1”发送测试消息…</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The test message reached &apos;%1&apos;.</source>
        <translation>测试消息已送达“%1”。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The test message did not reach &apos;%1&apos;: %2</source>
        <translation>测试消息未能送达“%1”：%2</translation>
    </message>
</context>
<context>
    <name>Axes</name>
    <message>
        <location filename="../../cdnmon/gui/charts/axes.py" line="+34"/>
        <source>yyyy</source>
        <translation>yyyy年</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>MMM</source>
        <translation>MMM</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>dd</source>
        <translation>d日</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>ddd dd</source>
        <translation>d日 ddd</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>MMM dd</source>
        <translation>M月d日</translation>
    </message>
    <message>
        <location line="+96"/>
        <source>Time (%1)</source>
        <translation>时间（%1）</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Origin bandwidth</source>
        <translation>回源带宽</translation>
    </message>
</context>
<context>
    <name>BandwidthPlot</name>
    <message>
        <location filename="../../cdnmon/gui/charts/bandwidth_plot.py" line="+23"/>
        <source>provisional: the provider still revises these minutes</source>
        <translation>暂定：服务商仍在修正这几分钟的数据</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Origin bandwidth</source>
        <translation>回源带宽</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Right axis, dotted: offload, the share of edge traffic served from the CDN&apos;s cache (1 - origin / edge). Faint line: edge bandwidth, what users were served.</source>
        <translation>右轴（点线）：卸载率，即边缘流量中由 CDN 缓存提供的比例（1 - 回源 / 边缘）。浅色线：边缘带宽，即用户实际获得的带宽。</translation>
    </message>
    <message>
        <location line="+134"/>
        <source>provisional</source>
        <translation>暂定</translation>
    </message>
    <message>
        <location line="+60"/>
        <source>threshold %1</source>
        <translation>阈值 %1</translation>
    </message>
    <message>
        <location filename="../../cdnmon/gui/charts/stacking.py" line="+28"/>
        <source>Total origin bandwidth</source>
        <translation>回源带宽合计</translation>
    </message>
</context>
<context>
    <name>ChartPanel</name>
    <message>
        <location filename="../../cdnmon/gui/charts/panel.py" line="+42"/>
        <source>Point at a chart to read exact values.</source>
        <translation>将鼠标指向图表即可读取精确数值。</translation>
    </message>
    <message numerus="yes">
        <location line="+429"/>
        <location line="+70"/>
        <location line="+31"/>
        <source>and %n more</source>
        <translation>
            <numerusform>另有 %n 个</numerusform>
        </translation>
    </message>
    <message>
        <location line="-44"/>
        <source>%1 (provisional)</source>
        <translation>%1（暂定）</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>%1, offload %2</source>
        <translation>%1，卸载率 %2</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>incomplete</source>
        <translation>不完整</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>total</source>
        <translation>合计</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+9"/>
        <source>no data</source>
        <translation>无数据</translation>
    </message>
</context>
<context>
    <name>DesktopAlerts</name>
    <message>
        <location filename="../../cdnmon/gui/alerting.py" line="+97"/>
        <location line="+187"/>
        <source>Alerts: %1</source>
        <translation>告警：%1</translation>
    </message>
    <message>
        <location line="-109"/>
        <source>cdnmon alerts</source>
        <translation>cdnmon 告警</translation>
    </message>
    <message numerus="yes">
        <location line="+4"/>
        <source>(and %n more alerts)</source>
        <translation>
            <numerusform>（另有 %n 条告警）</numerusform>
        </translation>
    </message>
    <message>
        <location line="+1"/>
        <source>cdnmon alert</source>
        <translation>cdnmon 告警</translation>
    </message>
    <message>
        <location line="+42"/>
        <source>no webhook URL is stored for alert target &apos;%1&apos;; enter it</source>
        <translation>密钥环中没有保存告警目标“%1”的 Webhook 地址；请重新输入</translation>
    </message>
    <message>
        <location line="+57"/>
        <source>Alerts: %1 failing — %2</source>
        <translation>告警：%1 发送失败 — %2</translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%1 (and %n more targets)</source>
        <translation>
            <numerusform>%1（另有 %n 个目标）</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>DesktopApp</name>
    <message>
        <location filename="../../cdnmon/gui/app.py" line="+76"/>
        <source> — demo (emulated accounts and traffic)</source>
        <translation> — 演示（模拟的账号和流量）</translation>
    </message>
    <message>
        <location line="+69"/>
        <source>History is off for this run: %1</source>
        <translation>本次运行未启用历史记录：%1</translation>
    </message>
    <message>
        <location line="+137"/>
        <source>The month report needs the history file, which is not open</source>
        <translation>月度报告需要历史记录文件，但它没有打开</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Save view as wall layout</source>
        <translation>将当前视图保存为大屏布局</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Wall layouts (*.toml)</source>
        <translation>大屏布局 (*.toml)</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Could not save the wall layout to %1: %2</source>
        <translation>无法将大屏布局保存到 %1：%2</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Saved the wall layout to %1: F11 shows it, edit it to change</source>
        <translation>大屏布局已保存到 %1：按 F11 显示，编辑该文件即可修改</translation>
    </message>
    <message>
        <location line="+76"/>
        <source>Unexpected error (%1); details are in the log: %2</source>
        <translation>意外错误（%1）；详情见日志：%2</translation>
    </message>
</context>
<context>
    <name>DomainPicker</name>
    <message>
        <location filename="../../cdnmon/gui/window/picker.py" line="+41"/>
        <source>Filter domains (Ctrl+F)</source>
        <translation>筛选域名（Ctrl+F）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Show only domains whose name contains this text</source>
        <translation>只显示名称包含此文本的域名</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Select all</source>
        <translation>全选</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Check every domain shown (the filter applies)</source>
        <translation>勾选当前显示的所有域名（受筛选条件影响）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Select none</source>
        <translation>全不选</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Uncheck every domain shown (the filter applies)</source>
        <translation>取消勾选当前显示的所有域名（受筛选条件影响）</translation>
    </message>
    <message>
        <location filename="../../cdnmon/gui/window/domain_tree.py" line="+166"/>
        <source>%1 (loading domains…)</source>
        <translation>%1（正在加载域名…）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1 (%2)</source>
        <comment>account (how many domains it has)</comment>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1 (%2 of %3)</source>
        <comment>account (domains shown of all)</comment>
        <translation>%1（显示 %2 个，共 %3 个）</translation>
    </message>
    <message>
        <location filename="../../cdnmon/gui/window/picker.py" line="+49"/>
        <source>The provider lists this domain as %1</source>
        <translation>服务商显示该域名状态为：%1</translation>
    </message>
    <message>
        <location filename="../../cdnmon/gui/window/domain_tree.py" line="-9"/>
        <source>%1: %2</source>
        <comment>account: its error</comment>
        <translation>%1：%2</translation>
    </message>
</context>
<context>
    <name>ErrorText</name>
    <message>
        <location filename="../../cdnmon/gui/error_text.py" line="+53"/>
        <source>check the AccessKey ID</source>
        <translation>请检查 AccessKey ID</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the AccessKey is disabled: enable or replace it</source>
        <translation>该 AccessKey 已被禁用：请启用或更换</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>check the AccessKey secret</source>
        <translation>请检查 AccessKey Secret</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>grant this RAM user read access to CDN (AliyunCDNReadOnlyAccess)</source>
        <translation>请为该 RAM 用户授予 CDN 只读权限（AliyunCDNReadOnlyAccess）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>open or resume the CDN service for this account</source>
        <translation>请为该账号开通或恢复 CDN 服务</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>set this computer&apos;s clock right (use NTP)</source>
        <translation>请校准本机时钟（使用 NTP）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>check the user name and the password or token of this Prometheus</source>
        <translation>请检查这个 Prometheus 的用户名和密码或令牌</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>check the URL: the Prometheus server&apos;s address, e.g. http://prometheus:9090/</source>
        <translation>请检查 URL：应为 Prometheus 服务器的地址，例如 http://prometheus:9090/</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>a fault at the Prometheus server: cdnmon retries</source>
        <translation>Prometheus 服务器出错：cdnmon 会重试</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>name a series provider/account/domain, as the domain list shows it</source>
        <translation>请按域名列表中的写法以 服务商/账号/域名 指定序列</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>check the domain name</source>
        <translation>请检查域名</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>check the domain name and that this account owns it</source>
        <translation>请检查域名，并确认它属于该账号</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the domain is offline: start it in the CDN console</source>
        <translation>该域名已停用：请在 CDN 控制台中启用</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the domain is being configured: try again in a few minutes</source>
        <translation>该域名正在配置中：请几分钟后重试</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>fix the domain&apos;s configuration</source>
        <translation>请修正该域名的配置</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>too many calls: cdnmon slows down and retries</source>
        <translation>调用过于频繁：cdnmon 会放慢速度并自动重试</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>a fault at Alibaba Cloud: cdnmon retries</source>
        <translation>阿里云侧故障：cdnmon 会自动重试</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>a fault at UCloud: cdnmon retries</source>
        <translation>UCloud 侧故障：cdnmon 会自动重试</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>check the public and private key</source>
        <translation>请检查公钥和私钥</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>check the private key</source>
        <translation>请检查私钥</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>check the public key</source>
        <translation>请检查公钥</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>this computer&apos;s IP address is not allowed for the key</source>
        <translation>本机 IP 地址不在该密钥允许的范围内</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>grant this sub-account read access to UCDN</source>
        <translation>请为该子账号授予 UCDN 读取权限</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>check the project id (sub-accounts must give one)</source>
        <translation>请检查项目 ID（子账号必须填写）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>this API is not offered at the endpoint</source>
        <translation>该 API 地址不提供此接口</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>check the spelling, or give its DomainId (ucdn-...)</source>
        <translation>请检查拼写，或填写其 DomainId（ucdn-...）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>check the network connection and the endpoint</source>
        <translation>请检查网络连接和 API 地址</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>a proxy or captive portal may be in the way; check the endpoint</source>
        <translation>可能被代理或网络认证页面拦截；请检查 API 地址</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>the API may have changed; report this with the request id</source>
        <translation>接口可能已变更；请附上请求 ID 反馈此问题</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>check the SecretKey</source>
        <translation>请检查 SecretKey</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>check the SecretId, and that the key is enabled</source>
        <translation>请检查 SecretId，并确认该密钥已启用</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>a fault at Tencent Cloud: cdnmon retries</source>
        <translation>腾讯云侧故障：cdnmon 会自动重试</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>grant this sub-account read access in Tencent Cloud CAM</source>
        <translation>请在腾讯云访问管理（CAM）中为该子账号授予读取权限</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>a fault at Huawei Cloud: cdnmon retries</source>
        <translation>华为云侧故障：cdnmon 会自动重试</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>a fault at Volcengine: cdnmon retries</source>
        <translation>火山引擎侧故障：cdnmon 会自动重试</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>check the AK and SK</source>
        <translation>请检查 AK 和 SK</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>check the AK and SK, and that the key is enabled</source>
        <translation>请检查 AK 和 SK，并确认该密钥已启用</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>check the Access Key ID, and that the key is enabled</source>
        <translation>请检查 Access Key ID，并确认该密钥已启用</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>check the Secret Access Key</source>
        <translation>请检查 Secret Access Key</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>grant this IAM user access to the enterprise projects</source>
        <translation>请为该 IAM 用户授予企业项目的访问权限</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>grant this IAM user read access to CDN (CDN ReadOnlyAccess)</source>
        <translation>请为该 IAM 用户授予 CDN 读取权限（CDN ReadOnlyAccess）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>grant this user read access to CDN in Volcengine IAM</source>
        <translation>请在火山引擎访问控制（IAM）中为该用户授予 CDN 读取权限</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>open the CDN service for this account</source>
        <translation>请为该账号开通 CDN 服务</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the domain is banned: see the CDN console</source>
        <translation>该域名已被封禁：请查看 CDN 控制台</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the domain is locked: see the CDN console</source>
        <translation>该域名已被锁定：请查看 CDN 控制台</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the domain&apos;s state does not allow this: see the CDN console</source>
        <translation>该域名当前状态不允许此操作：请查看 CDN 控制台</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>check the AK (Access Key ID), and that the key is enabled</source>
        <translation>请检查 AK（Access Key ID），并确认该密钥已启用</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>check the SK (Secret Access Key)</source>
        <translation>请检查 SK（Secret Access Key）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>after repeated failures the AK is locked for 5 minutes: check the SK, then wait</source>
        <translation>多次失败后该 AK 被锁定 5 分钟：请检查 SK，然后稍候</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>no answer within the timeout</source>
        <translation>超时未响应</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>TLS handshake or certificate check failed</source>
        <translation>TLS 握手或证书校验失败</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>could not connect, or the connection was dropped</source>
        <translation>无法连接，或连接被断开</translation>
    </message>
    <message>
        <location filename="../../cdnmon/messages/accounts.py" line="+12"/>
        <source>the account name is empty; give one with --account NAME (use letters, digits, &apos;-&apos;, &apos;_&apos; or &apos;.&apos;)</source>
        <translation>账号名称为空；请用 --account NAME 指定一个（使用字母、数字、“-”、“_”或“.”）</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>the account name is {length} characters long; the limit is {limit}</source>
        <translation>账号名称长 {length} 个字符，上限为 {limit} 个</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>the account name {name!r} contains &apos;/&apos;; use letters, digits, &apos;-&apos;, &apos;_&apos; or &apos;.&apos;</source>
        <translation>账号名称 {name!r} 含有“/”；请使用字母、数字、“-”、“_”或“.”</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>the account name {name!r} contains control or invisible characters</source>
        <translation>账号名称 {name!r} 含有控制字符或不可见字符</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>the account name {name!r} starts or ends with a space; remove it</source>
        <translation>账号名称 {name!r} 的开头或结尾有空格；请删除</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>the account name &apos;env&apos; is reserved for credentials from environment variables ({variables}); choose another name</source>
        <translation>账号名称“env”保留给来自环境变量（{variables}）的凭据；请换一个名称</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>the {field} is empty</source>
        <translation>{field} 为空</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>the {field} is not valid: it must be one word of at most 256 characters</source>
        <translation>{field} 无效：必须是不含空格、最长 256 个字符的字符串</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>the {field} contains spaces, line breaks or control characters; paste only the secret itself</source>
        <translation>{field} 含有空格、换行或控制字符；请只粘贴密钥本身</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>the {provider} area &apos;{area}&apos; is not known; use {areas}, or leave it out for {default}</source>
        <translation>{provider} 区域“{area}”无法识别；请使用 {areas}，或不设置（即 {default}）</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>cannot read {path}: {reason}; check its permissions</source>
        <translation>无法读取 {path}：{reason}；请检查其权限</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>cannot write {path}: {reason}; check the directory&apos;s permissions</source>
        <translation>无法写入 {path}：{reason}；请检查所在目录的权限</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>{path} was written by a newer cdnmon (format {found}); this one reads format {reads} and will not change it: update cdnmon</source>
        <translation>{path} 由更新版本的 cdnmon 写入（格式 {found}）；本版本只读取格式 {reads}，不会修改该文件：请升级 cdnmon</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>{path} was written by a newer cdnmon (it has fields this one does not know: {names}); this one reads format {reads} and will not change it: update cdnmon</source>
        <translation>{path} 由更新版本的 cdnmon 写入（含本版本不认识的字段：{names}）；本版本只读取格式 {reads}，不会修改该文件：请升级 cdnmon</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>{path} is damaged ({problem}) and could not be moved aside ({reason}); move or delete it by hand</source>
        <translation>{path} 已损坏（{problem}），且无法移走（{reason}）；请手动移走或删除</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>{path}: {entry} cannot be read ({problem}) and no copy of the file could be kept ({reason}); accounts cannot be changed until that entry is fixed or the file is copied by hand</source>
        <translation>{path}：{entry}无法读取（{problem}），且无法保存该文件的副本（{reason}）；在修正该条目或手动复制该文件之前，无法更改账号</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>entry {number}</source>
        <translation>第 {number} 条</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>entry {number} ({provider}/{name})</source>
        <translation>第 {number} 条（{provider}/{name}）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>a {kind}, not an object</source>
        <translation>是 {kind}，不是对象</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{keys} must be text</source>
        <translation>{keys} 必须是文本</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>an earlier entry has the same provider and name</source>
        <translation>前面已有服务商和名称都相同的条目</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>open the keyring</source>
        <translation>打开密钥环</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>read a secret</source>
        <translation>读取密钥</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>store the secret</source>
        <translation>保存密钥</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>delete the secret</source>
        <translation>删除密钥</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the system keyring</source>
        <translation>系统密钥环</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>no recommended backend was found</source>
        <translation>未找到推荐的后端</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>it throws every secret away</source>
        <translation>它会丢弃所有密钥</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>it stores secrets in plain text</source>
        <translation>它以明文保存密钥</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>it has no usable backend to chain</source>
        <translation>它没有可用的下级后端</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>No secure credential store is available (keyring backend: {backend}: {reason}). Install and unlock a Secret Service provider such as GNOME Keyring or KWallet (it needs a D-Bus session){otherwise}. cdnmon never stores secrets in plain text.</source>
        <translation>没有可用的安全凭据存储（密钥环后端 {backend}：{reason}）。请安装并解锁一个 Secret Service 提供程序，例如 GNOME Keyring 或 KWallet（需要 D-Bus 会话）{otherwise}。cdnmon 绝不以明文保存密钥。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>The keyring ({backend}) did not answer within {timeout:g} s when asked to {action}; it is probably waiting for an unlock prompt: unlock it (log in to the desktop session, or `gnome-keyring-daemon --unlock`) and try again{otherwise}</source>
        <translation>请求{action}时，密钥环（{backend}）在 {timeout:g} 秒内没有响应，可能正在等待解锁提示：请解锁（登录桌面会话，或运行 `gnome-keyring-daemon --unlock`）后重试{otherwise}</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>The keyring ({backend}) is locked: unlock it (log in to the desktop session, or `gnome-keyring-daemon --unlock`) and try again</source>
        <translation>密钥环（{backend}）已锁定：请解锁（登录桌面会话，或运行 `gnome-keyring-daemon --unlock`）后重试</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>The keyring ({backend}) could not {action}: {problem}</source>
        <translation>密钥环（{backend}）无法{action}：{problem}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>, or {hint}</source>
        <translation>；也可以{hint}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>set {variables} in the environment instead</source>
        <translation>改为设置环境变量 {variables}</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>{token} is set, but cdnmon does not support STS temporary credentials; use a RAM user&apos;s AccessKey in {key_id}/{secret} and unset {token}</source>
        <translation>已设置 {token}，但 cdnmon 不支持 STS 临时凭证；请在 {key_id}/{secret} 中使用 RAM 用户的 AccessKey，并取消设置 {token}</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>{variable} is set but {key_id} and {secret} are not; set both of them too, or unset it</source>
        <translation>已设置 {variable}，但未设置 {key_id} 和 {secret}；请把这两个也设置好，或取消设置 {variable}</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>{present} is set but {missing} is not; set both or neither</source>
        <translation>已设置 {present}，但未设置 {missing}；请两个都设置，或都不设置</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{problem} (from {variable})</source>
        <translation>{problem}（来自 {variable}）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{problem} (from the environment variables {variables})</source>
        <translation>{problem}（来自环境变量 {variables}）</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>account &apos;env&apos; means credentials from environment variables, but {variables} are not set</source>
        <translation>账号“env”表示来自环境变量的凭据，但 {variables} 未设置</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>there is no {account}{known}; add it with {command}</source>
        <translation>没有 {account}{known}；请用 {command} 添加</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>there is no {account} to delete{known}</source>
        <translation>没有可删除的 {account}{known}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>; known accounts: {names}</source>
        <translation>；已知账号：{names}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>no {provider} account is set up; add one with {command}, or set {variables}</source>
        <translation>尚未设置 {provider} 账号；请用 {command} 添加，或设置 {variables}</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>several {provider} accounts: {names}; pick one with --account</source>
        <translation>有多个 {provider} 账号：{names}；请用 --account 选择一个</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>no secret is stored for {account} in the keyring ({backend}); store it again with {command}</source>
        <translation>密钥环（{backend}）中没有保存 {account} 的密钥；请用 {command} 重新保存</translation>
    </message>
    <message>
        <location filename="../../cdnmon/gui/error_text.py" line="+6"/>
        <source>Alibaba Cloud AccessKey ID</source>
        <translation>阿里云 AccessKey ID</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Alibaba Cloud AccessKey Secret</source>
        <translation>阿里云 AccessKey Secret</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>UCloud PublicKey</source>
        <translation>UCloud 公钥</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>UCloud PrivateKey</source>
        <translation>UCloud 私钥</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>UCloud project id</source>
        <translation>UCloud 项目 ID</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Tencent Cloud SecretId</source>
        <translation>腾讯云 SecretId</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Tencent Cloud SecretKey</source>
        <translation>腾讯云 SecretKey</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Tencent EdgeOne SecretId</source>
        <translation>EdgeOne SecretId</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Tencent EdgeOne SecretKey</source>
        <translation>EdgeOne SecretKey</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Huawei Cloud Access Key ID (AK)</source>
        <translation>华为云 Access Key ID（AK）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Huawei Cloud Secret Access Key (SK)</source>
        <translation>华为云 Secret Access Key（SK）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Volcengine Access Key ID</source>
        <translation>火山引擎 Access Key ID</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Volcengine Secret Access Key</source>
        <translation>火山引擎 Secret Access Key</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Prometheus user name</source>
        <translation>Prometheus 用户名</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Prometheus password or token</source>
        <translation>Prometheus 密码或令牌</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>no secret is stored for {account} in the keyring ({backend}): enter it again under Accounts, or run {command}</source>
        <translation>密钥环（{backend}）中没有保存 {account} 的密钥：请在“账号…”中重新输入，或运行 {command}</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>unexpected error (%1); details are in the log</source>
        <translation>意外错误（%1）；详情见日志</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>access denied</source>
        <translation>鉴权失败</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>domain unavailable</source>
        <translation>域名不可用</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>throttled</source>
        <translation>请求被限流</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>provider-side failure</source>
        <translation>服务商侧故障</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>request rejected</source>
        <translation>请求被拒绝</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>network error</source>
        <translation>网络错误</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>unexpected response</source>
        <translation>响应异常</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>request failed</source>
        <translation>请求失败</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>%1 (%2)</source>
        <comment>network problem (host)</comment>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>%1: %2 (%3): %4 -- %5</source>
        <comment>source kind code message hint</comment>
        <translation>%1：%2，%5（%3：%4）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1: %2 (%3): %4</source>
        <comment>source kind code message</comment>
        <translation>%1：%2（%3：%4）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1: %2: %4 -- %5</source>
        <comment>source kind message hint</comment>
        <translation>%1：%2，%5（%4）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1: %2: %4</source>
        <comment>source kind message</comment>
        <translation>%1：%2（%4）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1 [request %2]</source>
        <translation>%1 [请求 ID：%2]</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>%1 (%2): %3</source>
        <comment>kind code advice</comment>
        <translation>%1（%2）：%3</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1: %3</source>
        <comment>kind advice</comment>
        <translation>%1：%3</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>%1 or %2</source>
        <comment>values to choose from</comment>
        <translation>%1 或 %2</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>%1 and %2</source>
        <translation>%1 和 %2</translation>
    </message>
    <message>
        <location line="-2"/>
        <source>%1 and %2 (plus %3 if needed)</source>
        <translation>%1 和 %2（必要时加上 %3）</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>%1 or %2</source>
        <comment>two sets of variables</comment>
        <translation>%1，或 %2</translation>
    </message>
    <message>
        <location line="-156"/>
        <source>the account name is empty; use letters, digits, &apos;-&apos;, &apos;_&apos; or &apos;.&apos;</source>
        <translation>账号名称为空；请使用字母、数字、“-”、“_”或“.”</translation>
    </message>
    <message>
        <location filename="../../cdnmon/messages/endpoints.py" line="+9"/>
        <source>the endpoint URL contains a user name or password; remove it</source>
        <translation>API 地址中含有用户名或密码；请删除</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>the endpoint {endpoint!r} contains spaces, control or invisible characters</source>
        <translation>API 地址 {endpoint!r} 含有空格、控制字符或不可见字符</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>the endpoint {endpoint!r} is not an http(s) URL; give e.g. https://cdn.example.com or leave it empty for the provider&apos;s default</source>
        <translation>API 地址 {endpoint!r} 不是 http(s) 网址；请填写例如 https://cdn.example.com 的地址，或留空即使用服务商的默认地址</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>the endpoint {endpoint!r} uses plain http: only loopback addresses (the emulator) may skip TLS; use https://</source>
        <translation>API 地址 {endpoint!r} 使用了明文 http：只有本机回环地址（模拟器）可以不用 TLS；请使用 https://</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>the endpoint {endpoint!r} is not a URL like https://cdn.aliyuncs.com/: {reason}</source>
        <translation>API 地址 {endpoint!r} 不是形如 https://cdn.aliyuncs.com/ 的网址：{reason}</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>it contains a space</source>
        <translation>其中含有空格</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>it contains control, invisible or undecodable characters</source>
        <translation>其中含有控制字符、不可见字符或无法解码的字符</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>it needs https:// in front (http:// only for the emulator on loopback)</source>
        <translation>前面需要加上 https://（http:// 仅限本机回环地址上的模拟器）</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>nothing:// is not http:// or https://</source>
        <translation>“://”前为空，不是 http:// 或 https://</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{scheme}:// is not http:// or https://</source>
        <translation>{scheme}:// 不是 http:// 或 https://</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>its host cannot be read</source>
        <translation>无法读取其中的主机名</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>its port is not a number from 0 to 65535</source>
        <translation>端口不是 0 到 65535 之间的数字</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>it names no host</source>
        <translation>其中没有主机名</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>the host name {host!r} cannot be written for DNS (IDNA)</source>
        <translation>主机名 {host!r} 无法转换为 DNS 可用的形式（IDNA）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>the host name {host!r} is not valid</source>
        <translation>主机名 {host!r} 无效</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>its path may hold only ASCII letters, digits and / - . _ ~</source>
        <translation>路径中只能有 ASCII 字母、数字和 / - . _ ~</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>the end time ({end}) must be after the start time ({start})</source>
        <translation>结束时间（{end}）必须晚于开始时间（{start}）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{seconds} s since 1970</source>
        <translation>1970 年起第 {seconds} 秒</translation>
    </message>
    <message>
        <location filename="../../cdnmon/messages/history.py" line="+8"/>
        <source>the history store is closed</source>
        <translation>历史数据库已关闭</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>there is no history yet at {path}: keep cdnmon&apos;s window open on some domains, or run `cdnmon fetch --store ...`, to collect some</source>
        <translation>{path} 中还没有历史数据：请让 cdnmon 窗口保持打开并选中一些域名，或运行 `cdnmon fetch --store ...` 来收集</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>cannot create the folder {folder} for the history file ({reason}): set CDNMON_DATA_DIR to a folder you can write</source>
        <translation>无法为历史数据文件创建文件夹 {folder}（{reason}）：请将 CDNMON_DATA_DIR 设为可写的文件夹</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>cannot open the history file {path}: {problem}</source>
        <translation>无法打开历史数据文件 {path}：{problem}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>cannot create the history file {path} ({why}): make the folder writable, or set CDNMON_DATA_DIR to a folder you can write</source>
        <translation>无法创建历史数据文件 {path}（{why}）：请让该文件夹可写，或将 CDNMON_DATA_DIR 设为可写的文件夹</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>cannot read the history file {path} ({reason}): check that this user may read it and its folder</source>
        <translation>无法读取历史数据文件 {path}（{reason}）：请检查当前用户能否读取该文件及其所在文件夹</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>cannot read the history file {path}: {problem}</source>
        <translation>无法读取历史数据文件 {path}：{problem}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The history file {path} could not be read ({problem}). It was moved to {moved} and a new, empty history was started.</source>
        <translation>无法读取历史数据文件 {path}（{problem}）。已将其移至 {moved}，并新建了一个空的历史数据文件。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>the history file {path} is damaged and cannot be moved aside ({reason}): move or delete it, then start cdnmon again</source>
        <translation>历史数据文件 {path} 已损坏且无法移走（{reason}）：请手动移走或删除后重新启动 cdnmon</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>the history file {path} is damaged and cannot be moved aside ({problem}, and its folder cannot be written): move or delete it, then start cdnmon again</source>
        <translation>历史数据文件 {path} 已损坏且无法移走（{problem}，且其所在文件夹不可写）：请手动移走或删除后重新启动 cdnmon</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>damaged: {found}</source>
        <translation>已损坏：{found}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>damaged: no answer</source>
        <translation>已损坏：检查无结果</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>the history file {path} was written by a newer cdnmon (format {found}, this one reads up to {reads}): update cdnmon</source>
        <translation>历史数据文件 {path} 由更新版本的 cdnmon 写入（格式 {found}，本版本最高支持 {reads}）：请升级 cdnmon</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>the history file {path} was written by a newer cdnmon (format {found}, this one reads up to {reads}): update cdnmon; history is shown but not added to</source>
        <translation>历史数据文件 {path} 由更新版本的 cdnmon 写入（格式 {found}，本版本最高支持 {reads}）：请升级 cdnmon；历史数据照常显示，但不再写入</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>the history file {path} cannot be written ({why}): history is shown but not added to; make the folder writable, or set CDNMON_DATA_DIR to a folder you can write</source>
        <translation>历史数据文件 {path} 无法写入（{why}）：历史数据照常显示，但不再写入；请让该文件夹可写，或将 CDNMON_DATA_DIR 设为可写的文件夹</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>the history file {path} must be brought up to date before this cdnmon can read it, and it cannot be written ({why}): make the folder writable, or set CDNMON_DATA_DIR to a folder you can write</source>
        <translation>历史数据文件 {path} 需要先升级格式，本版本 cdnmon 才能读取，但它无法写入（{why}）：请让该文件夹可写，或将 CDNMON_DATA_DIR 设为可写的文件夹</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>{folder} is on a read-only file system</source>
        <translation>{folder} 位于只读文件系统上</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>this user may not write in {folder}</source>
        <translation>当前用户无权写入 {folder}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>this user may not write it</source>
        <translation>当前用户无权写入该文件</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>cannot add to the history file {path}: the disk is full; free some space on it</source>
        <translation>无法写入历史数据文件 {path}：磁盘已满，请释放一些空间</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>cannot add to the history file {path} ({problem}): make the folder writable, or set CDNMON_DATA_DIR to a folder you can write</source>
        <translation>无法写入历史数据文件 {path}（{problem}）：请让该文件夹可写，或将 CDNMON_DATA_DIR 设为可写的文件夹</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>cannot add to the history file {path}: the disk reported an error ({problem})</source>
        <translation>无法写入历史数据文件 {path}：磁盘报告错误（{problem}）</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>the history file {path} stayed locked by another program: close it, or try again in a moment</source>
        <translation>历史数据文件 {path} 一直被另一个程序锁定：请关闭该程序，或稍后重试</translation>
    </message>
    <message>
        <location filename="../../cdnmon/gui/error_text.py" line="+167"/>
        <source>%1</source>
        <comment>a history file error; %1 is the English text</comment>
        <translation>历史数据文件出错：%1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1</source>
        <comment>an account or keyring error; %1 is the English text</comment>
        <translation>账号或密钥环出错：%1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1</source>
        <comment>an input error; %1 is the English text</comment>
        <translation>输入有误：%1</translation>
    </message>
    <message>
        <location filename="../../cdnmon/messages/layout.py" line="+11"/>
        <source>{source}: not valid TOML ({problem})</source>
        <translation>{source}：不是有效的 TOML（{problem}）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{source}: not valid TOML ({problem}); {hint}</source>
        <translation>{source}：不是有效的 TOML（{problem}）；{hint}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{source}: arrays or tables nested too deeply to read</source>
        <translation>{source}：数组或表嵌套过深，无法读取</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{source}: unknown setting {key!r} {where}; {hint}</source>
        <translation>{source}：{where}有未知的设置项 {key!r}；{hint}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>did you mean {key!r}?</source>
        <translation>是否想写 {key!r}？</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>allowed: {keys}</source>
        <translation>可用的设置项：{keys}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>missing; write {example}</source>
        <translation>缺失；请写明：{example}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>must be a non-empty quoted string; write {example}</source>
        <translation>必须是非空的带引号字符串；请写明：{example}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>cannot read {value!r}; {example}</source>
        <translation>无法识别 {value!r}；{example}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{value} is not a duration; {example}</source>
        <translation>{value} 不是时长；{example}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{value!r} must be between 1 second and 7 days; {example}</source>
        <translation>{value!r} 必须在 1 秒到 7 天之间；{example}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{value!r} is not a whole number of seconds; {example}</source>
        <translation>{value!r} 不是整数秒；{example}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>write e.g. &quot;30s&quot;, &quot;5 min&quot;, &quot;1h&quot; or a number of seconds</source>
        <translation>请写例如 &quot;30s&quot;、&quot;5 min&quot;、&quot;1h&quot; 或秒数</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>a table</source>
        <translation>一个表</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>an array</source>
        <translation>一个数组</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>cannot read the wall layout {path}: {reason}; check the path given to --layout</source>
        <translation>无法读取大屏布局 {path}：{reason}；请检查 --layout 给出的路径</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>{path}: the layout file must be saved as UTF-8 text</source>
        <translation>{path}：布局文件必须保存为 UTF-8 文本</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>strings need double quotes, e.g. refresh = &quot;60s&quot;, and each tile starts with a [[tile]] line</source>
        <translation>字符串需要加双引号，例如 `refresh = &quot;60s&quot;`；每个磁贴以一行 `[[tile]]` 开头</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>at the top level</source>
        <translation>顶层</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>tile {number}</source>
        <translation>磁贴 {number}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>tile {number} ({title!r})</source>
        <translation>磁贴 {number}（{title!r}）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>in {tile}</source>
        <translation>{tile}中</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{source}: {name}: {problem}</source>
        <translation>{source}：{name}：{problem}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{source}: {tile}: {name}: {problem}</source>
        <translation>{source}：{tile}：{name}：{problem}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{source}: window ({window} s) is shorter than refresh ({refresh} s); write a window of at least one refresh, e.g. window = &quot;1h&quot;</source>
        <translation>{source}：`window`（{window} 秒）比 `refresh`（{refresh} 秒）还短；`window` 至少要有一次刷新的时长，例如 `window = &quot;1h&quot;`</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>{source}: &apos;tile&apos; must be a list of tables; start each tile with a [[tile]] line</source>
        <translation>{source}：&apos;tile&apos; 必须是表的列表；每个磁贴以一行 `[[tile]]` 开头</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>{source}: the layout has no tiles; add at least one [[tile]] section with provider, account and domain</source>
        <translation>{source}：布局中没有磁贴；请至少添加一个 `[[tile]]` 小节，写明 `provider`、`account` 和 `domain`</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>e.g. provider = &quot;aliyun&quot;</source>
        <translation>例如 `provider = &quot;aliyun&quot;`</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>the account name from &quot;cdnmon accounts&quot;, e.g. &quot;prod&quot;</source>
        <translation>“cdnmon accounts” 列出的账号名称，例如 &quot;prod&quot;</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>e.g. domain = &quot;img.example.com&quot;</source>
        <translation>例如 `domain = &quot;img.example.com&quot;`</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>e.g. url = &quot;http://prometheus:9090/&quot;</source>
        <translation>例如 `url = &quot;http://prometheus:9090/&quot;`</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>e.g. title = &quot;Shop images&quot;</source>
        <translation>例如 `title = &quot;Shop images&quot;`</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{provider!r} is not a provider cdnmon knows; write one of: {providers}</source>
        <translation>{provider!r} 不是 cdnmon 支持的服务商；请写以下之一：{providers}</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>a url is where a tile reads a Prometheus; it goes with provider = &quot;prometheus&quot;, not {provider!r}</source>
        <translation>url 是磁贴读取的 Prometheus 地址，只能与 `provider = &quot;prometheus&quot;` 一起使用，不能与 {provider!r} 一起使用</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>give either domain = &quot;...&quot; or domains = [...], not both</source>
        <translation>`domain = &quot;...&quot;` 和 `domains = [...]` 只能写一个，不能同时写</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>write a list of domain names, e.g. domains = [&quot;a.com&quot;, &quot;b.com&quot;]</source>
        <translation>请写一个域名列表，例如 `domains = [&quot;a.com&quot;, &quot;b.com&quot;]`</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>a domain is listed twice; list each domain once</source>
        <translation>有域名重复列出；每个域名只列一次</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>write offload = {yes} (edge bandwidth fetched too) or offload = {no}</source>
        <translation>请写 offload = {yes}（同时获取边缘带宽）或 offload = {no}</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>missing; write domain = &quot;img.example.com&quot; or domains = [...]</source>
        <translation>缺失；请写 `domain = &quot;img.example.com&quot;` 或 `domains = [...]`</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>a group of domains needs a title, e.g. title = &quot;All downloads&quot;</source>
        <translation>一组域名需要一个标题，例如 `title = &quot;All downloads&quot;`</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>must be above warning ({warning:g} bit/s); e.g. warning = &quot;800 Mbps&quot; with critical = &quot;1.2 Gbps&quot;</source>
        <translation>必须高于 `warning`（{warning:g} bit/s）；例如 `warning = &quot;800 Mbps&quot;` 配 `critical = &quot;1.2 Gbps&quot;`</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>{value} is not a bandwidth; {example}</source>
        <translation>{value} 不是带宽；{example}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{value!r} is in bytes; thresholds are in bits (1 byte = 8 bits), e.g. {bits}</source>
        <translation>{value!r} 的单位是字节；阈值以比特计（1 字节 = 8 比特），例如 {bits}</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>{value!r} has no unit after the prefix; {example}</source>
        <translation>{value!r} 的前缀后缺少单位；{example}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{value!r} must be above zero and at most 1 Pbps; {example}</source>
        <translation>{value!r} 必须大于 0 且不超过 1 Pbps；{example}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>write e.g. &quot;800 Mbps&quot;, &quot;1.2 Gbps&quot; or a number of bit/s</source>
        <translation>请写例如 &quot;800 Mbps&quot;、&quot;1.2 Gbps&quot; 或以 bit/s 计的数字</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{value} is not a whole number from 1 to 1000; write e.g. stale_after_intervals = 3</source>
        <translation>{value} 不是 1 到 1000 之间的整数；请写例如 `stale_after_intervals = 3`</translation>
    </message>
    <message>
        <location filename="../../cdnmon/messages/alerts.py" line="+11"/>
        <source>DingTalk</source>
        <translation>钉钉</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>WeCom</source>
        <translation>企业微信</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Feishu/Lark</source>
        <translation>飞书/Lark</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Slack</source>
        <translation>Slack</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>JSON webhook</source>
        <translation>JSON Webhook</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>an alert rule must be an object with kind, provider and account</source>
        <translation>告警规则必须是包含 `kind`、`provider` 和 `account` 的对象</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>an alert rule&apos;s kind {kind!r} is not one of: {kinds}</source>
        <translation>告警规则的类型 {kind!r} 不是以下之一：{kinds}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>an alert rule&apos;s {field} must be text</source>
        <translation>告警规则的 {field} 必须是文本</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>an alert rule&apos;s {field} must be a list of names</source>
        <translation>告警规则的 {field} 必须是名称列表</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>an alert rule&apos;s {field} must be a number</source>
        <translation>告警规则的 {field} 必须是数字</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>an alert rule&apos;s for_s must be a whole number of seconds</source>
        <translation>告警规则的 for_s 必须是整数秒</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>an alert rule names the provider {provider!r}; use one of {known}</source>
        <translation>告警规则指定的服务商 {provider!r} 无效；请使用以下之一：{known}</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>an alert rule needs the account it watches</source>
        <translation>告警规则需要指定所监控的账号</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>an alert rule lists a domain twice; list each domain once</source>
        <translation>告警规则中有重复的域名；每个域名只能列出一次</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>an alert rule over several domains needs a title for the group</source>
        <translation>多个域名的告警规则需要填写分组名称</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>an alert rule&apos;s threshold must be a finite number</source>
        <translation>告警规则的阈值必须是有限的数字</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>an origin level must be above 0 and at most 1 Pbps</source>
        <translation>回源带宽阈值必须大于 0 且不超过 1 Pbps</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>a rise against yesterday must be above 0% and at most 10000%</source>
        <translation>与昨日相比的涨幅必须大于 0% 且不超过 10000%</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>an offload level must be above 0% and at most 100%</source>
        <translation>卸载率阈值必须大于 0% 且不超过 100%</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>an alert rule&apos;s duration must be from 0 seconds to 7 days</source>
        <translation>告警规则的持续时间必须在 0 秒到 7 天之间</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>a no-data rule needs a duration of at least one minute</source>
        <translation>无数据规则的持续时间至少为一分钟</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>an alert rule&apos;s hysteresis is a fraction from 0 to below 1</source>
        <translation>告警规则的回差必须是 0 到 1 之间（不含 1）的比例</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>an alert rule&apos;s minimum origin must be 0 or more bit/s</source>
        <translation>告警规则的最低回源带宽必须不小于 0 bit/s</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>an alert rule names an empty target</source>
        <translation>告警规则中有一个空的目标名称</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>the pace of target &apos;{name}&apos; must be above 0 and at most {most:g} messages a minute</source>
        <translation>目标“{name}”的发送速率必须大于 0 且不超过每分钟 {most:g} 条消息</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>an alert target must be an object with a name and a kind</source>
        <translation>告警目标必须是包含名称和类型的对象</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>alert target &apos;{name}&apos;: the kind {kind!r} is not one of {kinds}</source>
        <translation>告警目标“{name}”：类型 {kind!r} 不是以下之一：{kinds}</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>alert target &apos;{name}&apos;: per_minute must be a number</source>
        <translation>告警目标“{name}”：per_minute 必须是数字</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>alert target &apos;{name}&apos;: enabled must be true or false</source>
        <translation>告警目标“{name}”：`enabled` 必须是 `true` 或 `false`</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>an alert target needs a name, e.g. ops-dingtalk</source>
        <translation>告警目标需要一个名称，例如 `ops-dingtalk`</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>the alert target name {name!r} is not usable: use at most {most} letters, digits, spaces, &apos;-&apos;, &apos;_&apos; or &apos;.&apos;, without &apos;/&apos;</source>
        <translation>告警目标名称 {name!r} 不可用：最多 {most} 个字符，只能使用字母、数字、空格、&apos;-&apos;、&apos;_&apos; 或 &apos;.&apos;，不能含 &apos;/&apos;</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>the {service} webhook URL is empty; give the URL the {service} settings show, like {example}</source>
        <translation>{service} 的 Webhook 地址为空；请填写 {service} 设置中显示的地址，例如 {example}</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>the {service} webhook URL contains spaces or invisible characters</source>
        <translation>{service} 的 Webhook 地址含有空格或不可见字符</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>the {service} webhook URL cannot be read; give the URL the {service} settings show, like {example}</source>
        <translation>无法识别 {service} 的 Webhook 地址；请填写 {service} 设置中显示的地址，例如 {example}</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>the {service} webhook URL is not an https:// address; give the URL the {service} settings show, like {example}</source>
        <translation>{service} 的 Webhook 地址不是 https:// 地址；请填写 {service} 设置中显示的地址，例如 {example}</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>the {service} webhook URL contains a user name or password</source>
        <translation>{service} 的 Webhook 地址中含有用户名或密码</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>the {service} webhook URL uses plain http: only loopback addresses may skip TLS; use https://</source>
        <translation>{service} 的 Webhook 地址使用了未加密的 http：只有本机回环地址可以不用 TLS；请使用 https://</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>the {service} webhook URL has no {parameter}=...; copy the whole URL, like {example}</source>
        <translation>{service} 的 Webhook 地址缺少 {parameter}=...；请复制完整的地址，例如 {example}</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>a {service} target needs its signing secret</source>
        <translation>{service} 目标需要填写签名密钥</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{service} messages are not signed (the key is in the URL); leave the secret empty</source>
        <translation>{service} 消息不需要签名（密钥已包含在地址中）；请将签名密钥留空</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>the {service} signing secret contains spaces, line breaks or control characters; paste only the secret itself</source>
        <translation>{service} 的签名密钥含有空格、换行或控制字符；请只粘贴密钥本身</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>a JSON webhook signing secret is &apos;{prefix}&apos; followed by base64 of 24 to 64 random bytes (Standard Webhooks); let cdnmon make one</source>
        <translation>JSON Webhook 的签名密钥应为 &apos;{prefix}&apos; 加上 24 到 64 个随机字节的 Base64 编码（Standard Webhooks）；可以让 cdnmon 生成一个</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>the keyring entry of alert target &apos;{name}&apos; cannot be read; enter its webhook URL again</source>
        <translation>无法读取告警目标“{name}”的密钥环条目；请重新输入其 Webhook 地址</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>{service}: {problem}</source>
        <translation>{service}：{problem}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>no answer from {host} within {timeout:g} s</source>
        <translation>{host} 在 {timeout:g} 秒内没有响应</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>the TLS handshake with {host} or its certificate check failed</source>
        <translation>与 {host} 的 TLS 握手或证书校验失败</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>could not connect to {host}, or the connection was dropped</source>
        <translation>无法连接到 {host}，或连接被断开</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>the request to {host} failed</source>
        <translation>发往 {host} 的请求失败</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{service} is throttling: too many messages</source>
        <translation>{service} 正在限流：消息过多</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{service} is throttling: {said}</source>
        <translation>{service} 正在限流：{said}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{service} answered with a redirect (HTTP {status}); enter the URL it leads to</source>
        <translation>{service} 返回了重定向（HTTP {status}）；请填写它所指向的地址</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>{service} answered HTTP {status}</source>
        <translation>{service} 返回 HTTP {status}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{service}: the receiver answered 410 Gone: it no longer takes these messages</source>
        <translation>{service}：接收方返回 410 Gone：它不再接收这些消息</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>{service} refused the message: HTTP {status}</source>
        <translation>{service} 拒绝了消息：HTTP {status}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{service} refused the message: HTTP {status} {said}</source>
        <translation>{service} 拒绝了消息：HTTP {status} {said}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{service} refused the message: code {code}: {said}</source>
        <translation>{service} 拒绝了消息：错误码 {code}：{said}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{service} gave an answer that is not its own (HTTP {status})</source>
        <translation>{service} 收到的应答并非来自该服务（HTTP {status}）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>no webhook URL is stored for alert target &apos;{name}&apos; in the keyring; enter it again in the alert settings</source>
        <translation>密钥环中没有保存告警目标“{name}”的 Webhook 地址；请在告警设置中重新输入</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>there is no alert target &apos;{name}&apos;</source>
        <translation>没有名为“{name}”的告警目标</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>an unexpected error (see the log)</source>
        <translation>发生意外错误（详见日志）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>the target was removed</source>
        <translation>该目标已被删除</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>not delivered in time after {tries} tries</source>
        <translation>已尝试 {tries} 次，未能及时送达</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>not delivered in time after {tries} tries: {problem}</source>
        <translation>已尝试 {tries} 次，未能及时送达：{problem}</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>expected an object with an &apos;entries&apos; list</source>
        <translation>应为包含 `entries` 列表的对象</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>expected an object with &apos;rules&apos; and &apos;targets&apos;</source>
        <translation>应为包含 `rules` 和 `targets` 的对象</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&apos;rules&apos; and &apos;targets&apos; must be lists</source>
        <translation>`rules` 和 `targets` 必须是列表</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&apos;version&apos; is not a format number</source>
        <translation>`version` 不是格式编号</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>cannot read {path} ({reason}): the alert history and queue are kept in memory only; check the file&apos;s permissions</source>
        <translation>无法读取 {path}（{reason}）：告警历史和发送队列只保存在内存中；请检查该文件的权限</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>{path} was written by a newer cdnmon (format {version}); this one reads it but will not change it: alerts are queued in memory only</source>
        <translation>{path} 由更新版本的 cdnmon 写入（格式 {version}）；本版本只读取，不会修改该文件：告警只在内存中排队</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>cannot write {path} ({reason}): queued alerts would be lost if cdnmon stopped now</source>
        <translation>无法写入 {path}（{reason}）：如果 cdnmon 现在退出，排队中的告警将会丢失</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>not a readable alert history ({reason})</source>
        <translation>不是可读取的告警历史（{reason}）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{count} entries cannot be read</source>
        <translation>{count} 个条目无法读取</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{path}: {problem}, and it could not be set aside ({reason}); move it away by hand</source>
        <translation>{path}：{problem}，且无法将其移到一旁（{reason}）；请手动移走</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>cannot read {path} ({reason}): the alert rules are not used or saved in this run; check the file&apos;s permissions</source>
        <translation>无法读取 {path}（{reason}）：本次运行不会使用或保存告警规则；请检查该文件的权限</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>{path} was written by a newer cdnmon (format {version}); this one uses what it can read and will not change it</source>
        <translation>{path} 由更新版本的 cdnmon 写入（格式 {version}）；本版本只使用能读取的内容，不会修改该文件</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>not readable ({reason})</source>
        <translation>无法读取（{reason}）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>a target name is used twice; the first one is kept</source>
        <translation>有目标名称重复；已保留第一个</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{count} entries not used</source>
        <translation>{count} 个条目未被使用</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{path}: {problem}; the file as it was is kept at {kept}</source>
        <translation>{path}：{problem}；原文件已保存为 {kept}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>cannot save the alert settings to {path} ({reason}); check that its folder can be written</source>
        <translation>无法将告警设置保存到 {path}（{reason}）；请检查其所在文件夹是否可写</translation>
    </message>
    <message>
        <location filename="../../cdnmon/messages/domains.py" line="+10"/>
        <source>a domain name is empty; give one like img.example.com</source>
        <translation>域名为空；请填写一个域名，例如 img.example.com</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>a domain name is {length} characters long; the limit is {limit}</source>
        <translation>域名长 {length} 个字符，最多 {limit} 个</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>the domain name {name!r} contains spaces, control or invisible characters</source>
        <translation>域名 {name!r} 含有空格、控制字符或不可见字符</translation>
    </message>
</context>
<context>
    <name>Exporter</name>
    <message>
        <location filename="../../cdnmon/gui/charts/menus.py" line="+84"/>
        <source>Image File (PNG, TIF, JPG, ...)</source>
        <translation>图片文件（PNG、TIF、JPG 等）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Scalable Vector Graphics (SVG)</source>
        <translation>可缩放矢量图形（SVG）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Scalable Vector Graphics</source>
        <translation>可缩放矢量图形</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>CSV of original plot data</source>
        <translation>原始绘图数据的 CSV</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>HDF5 Export: plot (x,y)</source>
        <translation>HDF5 导出：曲线 (x,y)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Matplotlib Window</source>
        <translation>Matplotlib 窗口</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Printer</source>
        <translation>打印机</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Print Document</source>
        <translation>打印文档</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>width</source>
        <translation>宽度</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>height</source>
        <translation>高度</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>antialias</source>
        <translation>抗锯齿</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>background</source>
        <translation>背景</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>invertValue</source>
        <translation>反色</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>scaling stroke</source>
        <translation>线宽随缩放</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>separator</source>
        <translation>分隔符</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>precision</source>
        <translation>精度</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>columnMode</source>
        <translation>列模式</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Name</source>
        <translation>名称</translation>
    </message>
</context>
<context>
    <name>Form</name>
    <message>
        <location line="-79"/>
        <source>Link Axis:</source>
        <translation>关联坐标轴：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&lt;html&gt;&lt;head/&gt;&lt;body&gt;&lt;p&gt;Links this axis with another view. When linked, both views will display the same data range.&lt;/p&gt;&lt;/body&gt;&lt;/html&gt;</source>
        <translation>&lt;html&gt;&lt;head/&gt;&lt;body&gt;&lt;p&gt;将此坐标轴与另一个视图关联。关联后，两个视图显示相同的数据范围。&lt;/p&gt;&lt;/body&gt;&lt;/html&gt;</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&lt;html&gt;&lt;head/&gt;&lt;body&gt;&lt;p&gt;Percent of data to be visible when auto-scaling. It may be useful to decrease this value for data with spiky noise.&lt;/p&gt;&lt;/body&gt;&lt;/html&gt;</source>
        <translation>&lt;html&gt;&lt;head/&gt;&lt;body&gt;&lt;p&gt;自动缩放时可见数据的百分比。数据中有尖峰噪声时，可以适当调低此值。&lt;/p&gt;&lt;/body&gt;&lt;/html&gt;</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&lt;html&gt;&lt;head/&gt;&lt;body&gt;&lt;p&gt;Automatically resize this axis whenever the displayed data is changed.&lt;/p&gt;&lt;/body&gt;&lt;/html&gt;</source>
        <translation>&lt;html&gt;&lt;head/&gt;&lt;body&gt;&lt;p&gt;显示的数据变化时自动调整此坐标轴的范围。&lt;/p&gt;&lt;/body&gt;&lt;/html&gt;</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Auto</source>
        <translation>自动</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&lt;html&gt;&lt;head/&gt;&lt;body&gt;&lt;p&gt;Set the range for this axis manually. This disables automatic scaling. &lt;/p&gt;&lt;/body&gt;&lt;/html&gt;</source>
        <translation>&lt;html&gt;&lt;head/&gt;&lt;body&gt;&lt;p&gt;手动设置此坐标轴的范围。这会关闭自动缩放。&lt;/p&gt;&lt;/body&gt;&lt;/html&gt;</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Manual</source>
        <translation>手动</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&lt;html&gt;&lt;head/&gt;&lt;body&gt;&lt;p&gt;Minimum value to display for this axis.&lt;/p&gt;&lt;/body&gt;&lt;/html&gt;</source>
        <translation>&lt;html&gt;&lt;head/&gt;&lt;body&gt;&lt;p&gt;此坐标轴显示的最小值。&lt;/p&gt;&lt;/body&gt;&lt;/html&gt;</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&lt;html&gt;&lt;head/&gt;&lt;body&gt;&lt;p&gt;Maximum value to display for this axis.&lt;/p&gt;&lt;/body&gt;&lt;/html&gt;</source>
        <translation>&lt;html&gt;&lt;head/&gt;&lt;body&gt;&lt;p&gt;此坐标轴显示的最大值。&lt;/p&gt;&lt;/body&gt;&lt;/html&gt;</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&lt;html&gt;&lt;head/&gt;&lt;body&gt;&lt;p&gt;Inverts the display of this axis. (+y points downward instead of upward)&lt;/p&gt;&lt;/body&gt;&lt;/html&gt;</source>
        <translation>&lt;html&gt;&lt;head/&gt;&lt;body&gt;&lt;p&gt;反转此坐标轴的方向（+y 朝下而不是朝上）。&lt;/p&gt;&lt;/body&gt;&lt;/html&gt;</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Invert Axis</source>
        <translation>反转坐标轴</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&lt;html&gt;&lt;head/&gt;&lt;body&gt;&lt;p&gt;Enables mouse interaction (panning, scaling) for this axis.&lt;/p&gt;&lt;/body&gt;&lt;/html&gt;</source>
        <translation>&lt;html&gt;&lt;head/&gt;&lt;body&gt;&lt;p&gt;允许用鼠标操作此坐标轴（平移、缩放）。&lt;/p&gt;&lt;/body&gt;&lt;/html&gt;</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Mouse Enabled</source>
        <translation>启用鼠标</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&lt;html&gt;&lt;head/&gt;&lt;body&gt;&lt;p&gt;When checked, the axis will only auto-scale to data that is visible along the orthogonal axis.&lt;/p&gt;&lt;/body&gt;&lt;/html&gt;</source>
        <translation>&lt;html&gt;&lt;head/&gt;&lt;body&gt;&lt;p&gt;勾选后，此坐标轴只按另一坐标轴方向上可见的数据自动缩放。&lt;/p&gt;&lt;/body&gt;&lt;/html&gt;</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Visible Data Only</source>
        <translation>仅限可见数据</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&lt;html&gt;&lt;head/&gt;&lt;body&gt;&lt;p&gt;When checked, the axis will automatically pan to center on the current data, but the scale along this axis will not change.&lt;/p&gt;&lt;/body&gt;&lt;/html&gt;</source>
        <translation>&lt;html&gt;&lt;head/&gt;&lt;body&gt;&lt;p&gt;勾选后，此坐标轴会自动平移以使当前数据居中，但不改变缩放比例。&lt;/p&gt;&lt;/body&gt;&lt;/html&gt;</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Auto Pan Only</source>
        <translation>仅自动平移</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Item to export:</source>
        <translation>要导出的内容：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Export format</source>
        <translation>导出格式</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Export options</source>
        <translation>导出选项</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
</context>
<context>
    <name>GraphicsScene</name>
    <message>
        <location line="-63"/>
        <source>Export...</source>
        <translation>导出…</translation>
    </message>
</context>
<context>
    <name>Labels</name>
    <message>
        <location filename="../../cdnmon/gui/labels.py" line="+21"/>
        <source>Alibaba Cloud</source>
        <translation>阿里云</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>UCloud</source>
        <translation>UCloud</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Tencent Cloud</source>
        <translation>腾讯云</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Tencent EdgeOne</source>
        <translation>EdgeOne</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Huawei Cloud</source>
        <translation>华为云</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Volcengine</source>
        <translation>火山引擎</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Prometheus</source>
        <translation>Prometheus</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Alibaba Cloud account &apos;%1&apos;</source>
        <translation>阿里云账号“%1”</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>UCloud account &apos;%1&apos;</source>
        <translation>UCloud 账号“%1”</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Tencent Cloud account &apos;%1&apos;</source>
        <translation>腾讯云账号“%1”</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Tencent EdgeOne account &apos;%1&apos;</source>
        <translation>EdgeOne 账号“%1”</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Huawei Cloud account &apos;%1&apos;</source>
        <translation>华为云账号“%1”</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Volcengine account &apos;%1&apos;</source>
        <translation>火山引擎账号“%1”</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Prometheus &apos;%1&apos;</source>
        <translation>Prometheus“%1”</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>%1 account &apos;%2&apos;</source>
        <translation>%1 账号“%2”</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>offline</source>
        <comment>domain state</comment>
        <translation>已停用</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>disabled</source>
        <comment>domain state</comment>
        <translation>已禁用</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>configuring</source>
        <comment>domain state</comment>
        <translation>配置中</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>configuration failed</source>
        <comment>domain state</comment>
        <translation>配置失败</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+1"/>
        <source>under review</source>
        <comment>domain state</comment>
        <translation>审核中</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>review failed</source>
        <comment>domain state</comment>
        <translation>审核未通过</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>stopping</source>
        <comment>domain state</comment>
        <translation>停用中</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>deleting</source>
        <comment>domain state</comment>
        <translation>删除中</translation>
    </message>
</context>
<context>
    <name>LanguageButton</name>
    <message>
        <location filename="../../cdnmon/gui/window/language_menu.py" line="+22"/>
        <source>The language changes when cdnmon starts again.</source>
        <translation>重新启动 cdnmon 后切换语言。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>System (%1)</source>
        <translation>跟随系统（%1）</translation>
    </message>
    <message>
        <location line="+28"/>
        <location line="+15"/>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <location line="-13"/>
        <source>Language of the window (used from the next start)</source>
        <translation>界面语言（下次启动时生效）</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../cdnmon/gui/window/main_window.py" line="+51"/>
        <source>One chart per domain</source>
        <translation>每个域名一张图</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Overlaid</source>
        <translation>叠加</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stacked total</source>
        <translation>堆叠合计</translation>
    </message>
    <message>
        <location line="+5"/>
        <location line="+19"/>
        <source>Off</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location line="-18"/>
        <source>Yesterday</source>
        <translation>昨天</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Last week</source>
        <translation>上周</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Both</source>
        <translation>两者</translation>
    </message>
    <message>
        <location line="+103"/>
        <source>Main toolbar</source>
        <translation>主工具栏</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Custom…</source>
        <translation>自定义…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Time range shown (Custom… picks start and end)</source>
        <translation>显示的时间范围（选择“自定义…”可指定起止时间）</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Fetch new data automatically this often</source>
        <translation>按此间隔自动获取新数据</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>One chart per domain, all overlaid, or a stacked total</source>
        <translation>每个域名一张图、全部叠加，或堆叠显示合计</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Draw the same window a day and/or a week earlier, dashed, from the history</source>
        <translation>用虚线绘制一天前和/或一周前同一时段的曲线（取自历史数据）</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>off</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Draw a threshold line at this bandwidth (0 = off)</source>
        <translation>在此带宽处画一条阈值线（0 = 关闭）</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Range</source>
        <translation>时间范围</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Auto-refresh</source>
        <translation>自动刷新</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>View</source>
        <translation>视图</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Compare</source>
        <translation>对比</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Threshold</source>
        <translation>阈值</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Fetch new data now (F5)</source>
        <translation>立即获取新数据（F5）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Dark</source>
        <translation>深色</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Dark or light theme (Ctrl+Shift+T)</source>
        <translation>深色或浅色主题（Ctrl+Shift+T）</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Edge</source>
        <translation>边缘</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Edge bandwidth and offload (1 - origin / edge) beside the origin (Ctrl+Shift+O): one more call per domain and window</source>
        <translation>在回源带宽旁显示边缘带宽和卸载率（1 - 回源 / 边缘）（Ctrl+Shift+O）：每个域名每个时间窗多一次调用</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>CSV…</source>
        <translation>导出 CSV…</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Save the visible points as CSV (Ctrl+E)</source>
        <translation>将当前显示的数据点保存为 CSV（Ctrl+E）</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>PNG…</source>
        <translation>导出 PNG…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Save the charts as a PNG image (Ctrl+Shift+S)</source>
        <translation>将图表保存为 PNG 图片（Ctrl+Shift+S）</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Report…</source>
        <translation>月报…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Month-to-date peak, average and billing P95 (Ctrl+R)</source>
        <translation>本月至今的峰值、平均值和 95 计费带宽（Ctrl+R）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Accounts…</source>
        <translation>账号…</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Add, edit or remove accounts</source>
        <translation>添加、编辑或删除账号</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Wall display</source>
        <translation>大屏显示</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Save view as wall layout…</source>
        <translation>将视图保存为大屏布局…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Alerts…</source>
        <translation>告警…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>About cdnmon…</source>
        <translation>关于 cdnmon…</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Fullscreen tiles for a wall screen (F11; Esc leaves)</source>
        <translation>全屏磁贴，适合监控大屏（F11；Esc 退出）</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Rules that send a chat message when origin bandwidth crosses a level, where the messages go, and what was sent (Ctrl+Shift+A)</source>
        <translation>回源带宽越过阈值时发送聊天消息的规则、消息的发送目标以及已发送的内容（Ctrl+Shift+A）</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Wall display, wall layout, alerts, About</source>
        <translation>大屏显示、大屏布局、告警、关于</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>No data yet</source>
        <translation>尚无数据</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>When the last fetch succeeded (local time)</source>
        <translation>上次成功获取数据的时间（本地时间）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Time to the next automatic refresh</source>
        <translation>距下次自动刷新的时间</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Fetches running now</source>
        <translation>正在进行的获取任务</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>How long one refresh of every selected domain takes at the providers&apos; rate limits (a call per domain; the busiest account sets the pace). Red when it takes longer than the auto-refresh interval: then domains update less often.</source>
        <translation>按服务商的调用频率限制，刷新一遍所有选中域名需要多长时间（每个域名一次调用；由最繁忙的账号决定速度）。超过自动刷新间隔时显示为红色：此时各域名的更新会变慢。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>%v / %m calls</source>
        <translation>%v / %m 次调用</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Spacing of the points shown: 1 minute up to a day&apos;s range; coarser for longer ranges and for dates past what the provider keeps at 1 minute (7 days)</source>
        <translation>所显示数据点的时间粒度：时间范围不超过一天时为 1 分钟；范围更长，或日期早于服务商保留 1 分钟粒度数据的期限（7 天）时，粒度更粗</translation>
    </message>
    <message>
        <location line="+106"/>
        <source>Click to open the alerts (Ctrl+Shift+A)</source>
        <translation>点击打开告警（Ctrl+Shift+A）</translation>
    </message>
    <message>
        <location line="+41"/>
        <source>%1 or %2</source>
        <comment>point spacings</comment>
        <translation>%1 或 %2</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Points every %1</source>
        <translation>数据粒度 %1</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>Updated %1</source>
        <translation>更新于 %1</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Auto-refresh off</source>
        <translation>自动刷新已关闭</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Next refresh in %1 s</source>
        <translation>%1 秒后刷新</translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>%n fetches running</source>
        <translation>
            <numerusform>%n 个获取任务进行中</numerusform>
        </translation>
    </message>
    <message>
        <location line="+8"/>
        <source>All %1 domains every %2 at %3 calls/s</source>
        <translation>全部 %1 个域名每 %2 刷新一遍（每秒 %3 次调用）</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Behind: %1</source>
        <translation>跟不上：%1</translation>
    </message>
    <message>
        <location line="+70"/>
        <source>CSV (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>PNG image (*.png)</source>
        <translation>PNG 图片 (*.png)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Save as</source>
        <translation>另存为</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Could not save %1: %2</source>
        <translation>无法保存 %1：%2</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Saved %1</source>
        <translation>已保存 %1</translation>
    </message>
</context>
<context>
    <name>ReportDialog</name>
    <message>
        <location filename="../../cdnmon/gui/dialogs/report.py" line="+168"/>
        <source>Could not compute the %1 report: %2</source>
        <translation>无法生成 %1 的月报：%2</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Could not compute the %1 report (%2: %3)</source>
        <translation>无法生成 %1 的月报（%2：%3）</translation>
    </message>
    <message>
        <location line="+95"/>
        <source>Month report: origin bandwidth</source>
        <translation>月报：回源带宽</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>A calendar month in UTC, as the CDNs bill it</source>
        <translation>按 UTC 计算的自然月，与 CDN 计费口径一致</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Month</source>
        <translation>月份(&amp;M)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Refresh</source>
        <translation>刷新(&amp;R)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Compute the report again from the history (F5)</source>
        <translation>根据历史数据重新计算月报（F5）</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>&amp;Copy as CSV</source>
        <translation>复制为 CSV(&amp;C)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Copy the report to the clipboard, with the columns of `cdnmon report --format csv` (bit/s, UTC times)</source>
        <translation>将月报复制到剪贴板，列与 `cdnmon report --format csv` 相同（单位 bit/s，时间为 UTC）</translation>
    </message>
    <message>
        <location line="+60"/>
        <source>Computing…</source>
        <translation>正在计算…</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>No history for %1 yet: keep cdnmon open on some domains, or run `cdnmon fetch --store`.</source>
        <translation>%1 还没有历史数据：请让 cdnmon 保持打开并选中一些域名，或运行 `cdnmon fetch --store`。</translation>
    </message>
    <message numerus="yes">
        <location line="+12"/>
        <source>%1 to %2 UTC · %n domains · from 5-minute points</source>
        <translation>
            <numerusform>%1 至 %2 UTC · %n 个域名 · 基于 5 分钟粒度数据</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+39"/>
        <source>Copied %n rows as CSV</source>
        <translation>
            <numerusform>已复制 %n 行 CSV</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ReportModel</name>
    <message>
        <location line="-387"/>
        <source>The share of the month so far for which history exists (for an account&apos;s total: when every domain was fetched). Below 90% the P95 is uncertain.</source>
        <translation>本月至今有历史数据的时间占比（账号合计行：所有域名都已获取到数据的时间）。低于 90% 时，95 计费带宽仅供参考。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Account</source>
        <translation>账号</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Domain</source>
        <translation>域名</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Peak</source>
        <translation>峰值</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Peak at</source>
        <translation>峰值时间</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Average</source>
        <translation>平均值</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>P95</source>
        <translation>95 计费带宽</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Coverage</source>
        <translation>覆盖率</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Edge P95</source>
        <translation>边缘 P95</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Offload</source>
        <translation>卸载率</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Provider and account</source>
        <translation>云服务商和账号</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The CDN domain; &apos;all domains&apos; is the account&apos;s total, its domains summed per 5 minutes</source>
        <translation>CDN 域名；“全部域名”为该账号的合计，即各域名按 5 分钟逐点相加</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The highest 5-minute point of the month so far</source>
        <translation>本月至今最高的 5 分钟数据点</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>When the peak was first reached (local time, %1)</source>
        <translation>首次达到峰值的时间（本地时间，%1）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Mean of the month&apos;s 5-minute points</source>
        <translation>本月 5 分钟数据点的平均值</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Billing 95th percentile, what most CDN bills charge on: the top 5% of the month&apos;s 5-minute points dropped, the highest left</source>
        <translation>95 计费带宽，多数 CDN 账单按此计费：去掉本月 5 分钟数据点中最高的 5%，取剩余的最大值</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Billing 95th percentile of the edge bandwidth, what users were served (only where edge was fetched: shown with Edge in the window, or collected with edge = true)</source>
        <translation>边缘带宽（用户实际获得的带宽）的计费 95 百分位（仅限已获取边缘带宽的域名：在窗口中开启“边缘”，或采集器配置 edge = true）</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The month&apos;s offload, 1 - origin / edge over the traffic: the share of what users were served that never reached the origin</source>
        <translation>本月卸载率，按流量计算的 1 - 回源 / 边缘：用户获得的流量中未回源的比例</translation>
    </message>
    <message>
        <location line="+47"/>
        <source>all domains</source>
        <translation>全部域名</translation>
    </message>
    <message numerus="yes">
        <location line="+83"/>
        <source>From %n 5-minute points</source>
        <translation>
            <numerusform>基于 %n 个 5 分钟数据点</numerusform>
        </translation>
    </message>
    <message>
        <location line="+4"/>
        <source>History covers %1 of %2 so far.</source>
        <translation>%2 至今的历史数据覆盖率为 %1。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Fetch the missing days (`cdnmon fetch --store`) for a firm figure.</source>
        <translation>补齐缺失的日期（`cdnmon fetch --store`）后数值才准确。</translation>
    </message>
</context>
<context>
    <name>RuleEditor</name>
    <message>
        <location filename="../../cdnmon/gui/dialogs/alert_editors.py" line="+39"/>
        <source>Edit alert rule</source>
        <translation>编辑告警规则</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>New alert rule</source>
        <translation>新建告警规则</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>A short name for the messages, e.g. critical (optional)</source>
        <translation>消息中使用的简短名称，例如 critical（可选）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>What the rule watches</source>
        <translation>规则监控的内容</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The account whose domains the rule watches</source>
        <translation>规则所监控域名所属的账号</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>every watched domain of the account</source>
        <translation>该账号下所有监控中的域名</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Empty: each watched domain of the account on its own. One domain: that domain. Several, separated by commas: their sum, as one group</source>
        <translation>留空：该账号下每个监控中的域名各自判断。一个域名：仅该域名。多个域名（用逗号分隔）：作为一组，按其总和判断</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The group&apos;s name in the messages (for several domains)</source>
        <translation>消息中使用的分组名称（用于多个域名）</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The unit of the level</source>
        <translation>阈值的单位</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Stay quiet while the origin is below this: a small origin doubled is no news</source>
        <translation>回源带宽低于此值时不告警：很小的回源翻倍并不值得关注</translation>
    </message>
    <message>
        <location line="+4"/>
        <source> min</source>
        <translation> 分钟</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Condition</source>
        <translation>条件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Account</source>
        <translation>账号</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Domains</source>
        <translation>域名</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Group title</source>
        <translation>分组名称</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Level</source>
        <translation>阈值</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>From origin</source>
        <translation>最低回源</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>For</source>
        <translation>持续</translation>
    </message>
    <message>
        <location line="+46"/>
        <source>Alert when the origin bandwidth reaches this level</source>
        <translation>回源带宽达到此值时告警</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Alert when the origin is up this much on the same minute yesterday (50 % = one and a half times)</source>
        <translation>回源带宽较昨日同一分钟上涨达到此比例时告警（50 % 即为 1.5 倍）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Alert when the share of traffic served from the edge falls below this</source>
        <translation>由边缘节点提供的流量占比低于此值时告警</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>How long without a settled point, past the provider&apos;s usual delay</source>
        <translation>除服务商的正常延迟外，没有已确定数据点的时长</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>How long the condition must hold before the alert (0: at once)</source>
        <translation>条件需持续多久才告警（0：立即告警）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Judged where the history holds the same minutes yesterday (cdnmon or its collector ran then, or Compare is set to Yesterday).</source>
        <translation>仅在历史记录中有昨日同一时段数据时判断（当时 cdnmon 或其采集器在运行，或“对比”设为“昨天”）。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Judged where edge bandwidth is fetched: in the window with Edge on (Ctrl+Shift+O), on the wall for tiles with offload = true.</source>
        <translation>仅在获取边缘带宽的地方判定：窗口中开启“边缘”（Ctrl+Shift+O），或大屏中设置了 offload = true 的磁贴。</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>add an account first: a rule watches an account&apos;s domains</source>
        <translation>请先添加账号：规则监控的是某个账号下的域名</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>%1 is not a domain of this account; check the spelling</source>
        <translation>%1 不是该账号下的域名，请检查拼写</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>an alert rule over several domains needs a title for the group</source>
        <translation>多个域名的告警规则需要填写分组名称</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>give the level the rule watches for</source>
        <translation>请填写规则监控的阈值</translation>
    </message>
</context>
<context>
    <name>SecretLineEdit</name>
    <message>
        <location filename="../../cdnmon/gui/dialogs/account_form.py" line="-202"/>
        <source>Hide the secret</source>
        <translation>隐藏密钥</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Show the secret</source>
        <translation>显示密钥</translation>
    </message>
</context>
<context>
    <name>SummaryModel</name>
    <message>
        <location filename="../../cdnmon/gui/window/summary.py" line="+24"/>
        <source>Domain</source>
        <translation>域名</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Account</source>
        <translation>账号</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Latest</source>
        <translation>最新值</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Peak</source>
        <translation>峰值</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Peak at</source>
        <translation>峰值时间</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Average</source>
        <translation>平均值</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>P95</source>
        <translation>95 计费带宽</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Offload</source>
        <translation>卸载率</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Lowest offload</source>
        <translation>最低卸载率</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The CDN domain</source>
        <translation>CDN 域名</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Provider and account</source>
        <translation>云服务商和账号</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The newest settled point (the provider&apos;s last few minutes are still partial)</source>
        <translation>最新的已确定数据点（服务商最近几分钟的数据尚不完整）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The highest point in the visible range</source>
        <translation>当前时间范围内的最高值</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>When the peak was first reached (local time)</source>
        <translation>首次达到峰值的时间（本地时间）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Mean of the points in the visible range</source>
        <translation>当前时间范围内各数据点的平均值</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>95th percentile as CDNs bill it: the top 5% of points dropped, the highest left</source>
        <translation>按 CDN 计费口径的 95 百分位：去掉最高的 5% 数据点，取剩余的最大值</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Share of what users were served that came from the CDN&apos;s cache, 1 - origin / edge, at the newest settled minute (shown with Edge on the toolbar, Ctrl+Shift+O)</source>
        <translation>用户获得的流量中由 CDN 缓存提供的比例，1 - 回源 / 边缘，取最新的已稳定分钟（在工具栏开启“边缘”后显示，Ctrl+Shift+O）</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The lowest offload in the visible range: a cache that stopped working shows here</source>
        <translation>可见范围内的最低卸载率：缓存失效会在这里显现</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>no data</source>
        <translation>无数据</translation>
    </message>
</context>
<context>
    <name>TargetEditor</name>
    <message>
        <location filename="../../cdnmon/gui/dialogs/alert_editors.py" line="+44"/>
        <source>Edit alert target</source>
        <translation>编辑通知目标</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>New alert target</source>
        <translation>新建通知目标</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>The chat service or webhook the messages go to</source>
        <translation>接收消息的聊天服务或 Webhook</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>A name for this target, e.g. ops-dingtalk</source>
        <translation>该目标的名称，例如 ops-dingtalk</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>New secret</source>
        <translation>生成密钥</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Make a new signing secret (shown, to give to the receiving service too)</source>
        <translation>生成新的签名密钥（会显示出来，以便同时提供给接收方）</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>the service&apos;s limit</source>
        <translation>服务的限额</translation>
    </message>
    <message>
        <location line="+1"/>
        <source> a minute</source>
        <translation> 条/分钟</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>At most this many messages a minute (0: the service&apos;s documented limit)</source>
        <translation>每分钟最多发送这么多条消息（0：使用服务文档规定的限额）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Send alerts to this target</source>
        <translation>向此目标发送告警</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Off: nothing is sent; its waiting alerts wait until it is on again</source>
        <translation>关闭时不发送任何消息；待发送的告警会一直等到重新开启</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Webhook URL</source>
        <translation>Webhook URL</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Signing secret</source>
        <translation>签名密钥</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Pace</source>
        <translation>发送速率</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>To rename a target, remove it and add it again</source>
        <translation>如需重命名目标，请删除后重新添加</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>stored in the keyring: leave empty to keep it</source>
        <translation>已保存在密钥环中：留空则保持不变</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The robot&apos;s or webhook&apos;s address, as its settings show it; kept in the system keyring only</source>
        <translation>机器人或 Webhook 的地址，按其设置中显示的填写；仅保存在系统密钥环中</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>optional</source>
        <translation>可选</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The robot&apos;s signing secret (加签 / 签名校验), or the webhook&apos;s whsec_ secret; kept in the system keyring only</source>
        <translation>机器人的签名密钥（加签 / 签名校验），或 Webhook 的 whsec_ 密钥；仅保存在系统密钥环中</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>give the target a name, e.g. ops-dingtalk</source>
        <translation>请为目标填写名称，例如 ops-dingtalk</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>there is already a target named &apos;%1&apos;; choose another name</source>
        <translation>已有名为“%1”的目标，请换一个名称</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>paste the webhook URL from the %1 settings</source>
        <translation>请粘贴%1设置中显示的 Webhook URL</translation>
    </message>
</context>
<context>
    <name>TimeRangeDialog</name>
    <message>
        <location filename="../../cdnmon/gui/dialogs/time_range.py" line="+29"/>
        <source>Custom time range</source>
        <translation>自定义时间范围</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Start of the range, local time (%1)</source>
        <translation>起始时间，本地时间（%1）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>End of the range, local time (%1)</source>
        <translation>结束时间，本地时间（%1）</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>From (%1)</source>
        <translation>开始（%1）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>To (%1)</source>
        <translation>结束（%1）</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>pick at most 31 days: the providers&apos; live APIs keep no more</source>
        <translation>最多只能选择 31 天：服务商的实时接口不保留更长的数据</translation>
    </message>
</context>
<context>
    <name>Units</name>
    <message>
        <location filename="../../cdnmon/gui/locale_format.py" line="+96"/>
        <source>%1 d</source>
        <translation>%1 天</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 h</source>
        <translation>%1 小时</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 min</source>
        <translation>%1 分钟</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 s</source>
        <translation>%1 秒</translation>
    </message>
</context>
<context>
    <name>ViewBox</name>
    <message>
        <location filename="../../cdnmon/gui/charts/menus.py" line="-6"/>
        <source>ViewBox options</source>
        <translation>视图选项</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>View All</source>
        <translation>显示全部</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>axis</source>
        <translation>轴</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Mouse Mode</source>
        <translation>鼠标模式</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>3 button</source>
        <translation>三键（平移）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>1 button</source>
        <translation>单键（框选缩放）</translation>
    </message>
</context>
<context>
    <name>WallAlerts</name>
    <message>
        <location filename="../../cdnmon/gui/wall/alerts.py" line="+24"/>
        <source>normal</source>
        <translation>正常</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>WARNING</source>
        <translation>警告</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>CRITICAL</source>
        <translation>严重</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>%1: back to normal at %2 (was %3), %4</source>
        <translation>%1：已恢复正常，%2（之前为%3），%4</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1: %5 at %2 (was %3), %4</source>
        <translation>%1：%5，%2（之前为%3），%4</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>cdnmon wall</source>
        <translation>cdnmon 大屏</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Threshold crossings in the last minute not shown one by one: %1</source>
        <translation>最近一分钟内未逐条显示的阈值跨越：%1 次</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>cdnmon: origin bandwidth</source>
        <translation>cdnmon：回源带宽</translation>
    </message>
</context>
<context>
    <name>WallFeed</name>
    <message>
        <location filename="../../cdnmon/gui/wall/words.py" line="+45"/>
        <source>▲ new traffic vs yesterday</source>
        <translation>▲ 昨日同期无流量</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>= same as yesterday</source>
        <translation>= 与昨日同期持平</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>▲ %1% vs yesterday</source>
        <translation>▲ 较昨日同期 +%1%</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>▼ %1% vs yesterday</source>
        <translation>▼ 较昨日同期 -%1%</translation>
    </message>
    <message>
        <location line="-27"/>
        <source>waiting for the account</source>
        <translation>等待账号就绪</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>newest data %1 old</source>
        <translation>最新数据已是 %1 前</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>no traffic reported in the last %1</source>
        <translation>最近 %1 内服务商未报告流量</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>first fetch under way</source>
        <translation>正在首次获取</translation>
    </message>
</context>
<context>
    <name>WallHeader</name>
    <message>
        <location filename="../../cdnmon/gui/wall/header.py" line="+40"/>
        <location line="+22"/>
        <source>waiting for the first update</source>
        <translation>等待首次更新</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>updated %1 (%2 ago)</source>
        <translation>更新于 %1（%2前）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>next in %1</source>
        <translation>%1后刷新</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>page %1/%2</source>
        <translation>第 %1/%2 页</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 (paused)</source>
        <translation>%1（已暂停）</translation>
    </message>
</context>
<context>
    <name>WallTile</name>
    <message>
        <location filename="../../cdnmon/gui/wall/tile.py" line="+75"/>
        <source>▲ WARNING</source>
        <translation>▲ 警告</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>▲▲ CRITICAL</source>
        <translation>▲▲ 严重</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>● LIVE</source>
        <translation>● 实时</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>provider behind its usual delay</source>
        <translation>服务商数据晚于正常延迟</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>◔ LATE: %1</source>
        <translation>◔ 延迟：%1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>◌ STALE</source>
        <translation>◌ 过时</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>◌ STALE %1</source>
        <translation>◌ 已过时 %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+5"/>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <location line="-3"/>
        <source>∅ NO DATA</source>
        <translation>∅ 无数据</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>✖ ERROR</source>
        <translation>✖ 错误</translation>
    </message>
    <message>
        <location line="+143"/>
        <source>P95 %1</source>
        <translation>95 值 %1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>offload %1</source>
        <translation>卸载率 %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 (low %2)</source>
        <translation>%1（最低 %2）</translation>
    </message>
</context>
<context>
    <name>WallWindow</name>
    <message numerus="yes">
        <location filename="../../cdnmon/gui/wall/window.py" line="+181"/>
        <source>%1 · %n domains</source>
        <translation>
            <numerusform>%1 · %n 个域名</numerusform>
        </translation>
    </message>
    <message>
        <location line="-104"/>
        <source>cdnmon wall</source>
        <translation>cdnmon 大屏</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>No tiles to show.

In the main window, choose domains and use ☰ → Save view as wall layout… (or start with --layout FILE).</source>
        <translation>没有可显示的磁贴。

请在主窗口中选择域名，然后使用 ☰ → 将视图保存为大屏布局…（或以 --layout 文件 启动）。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Esc leave · ← → pages · Space pause rotation · F5 refresh</source>
        <translation>Esc 退出 · ← → 翻页 · 空格 暂停轮播 · F5 刷新</translation>
    </message>
    <message>
        <location line="+89"/>
        <source>no %1 account named “%2”: add it under Accounts in the main window</source>
        <translation>没有名为“%2”的%1账号：请在主窗口的“账号”中添加</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Layout not reloaded: %1</source>
        <translation>布局未重新载入：%1</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Layout reloaded</source>
        <translation>布局已重新载入</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The wall layout cannot be used:

%1

Fix the file and save it: the wall reads it again by itself.</source>
        <translation>大屏布局无法使用：

%1

修正该文件并保存后，大屏会自动重新读取。</translation>
    </message>
    <message numerus="yes">
        <location line="+65"/>
        <source>%1 (and %n more crossings)</source>
        <translation>
            <numerusform>%1（另有 %n 次阈值跨越）</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>WelcomePanel</name>
    <message>
        <location filename="../../cdnmon/gui/window/welcome.py" line="+17"/>
        <source>Watch your CDN&apos;s origin-pull bandwidth</source>
        <translation>实时监控 CDN 回源带宽</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>cdnmon shows, live and per domain, how many bits per second
your CDN pulls back from your own servers.
Add an account to start, or try the demo: it runs against
a built-in emulator, with no account and no typing.</source>
        <translation>cdnmon 按域名实时显示 CDN 从您自己的源站
每秒拉回多少比特的数据（回源带宽）。
添加账号即可开始，也可以先试用演示：
演示连接内置的模拟器，无需账号，也无需任何输入。</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Add an Alibaba Cloud account</source>
        <translation>添加阿里云账号</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>An AccessKey ID and secret (RAM user with AliyunCDNReadOnlyAccess is enough)</source>
        <translation>需要 AccessKey ID 和 AccessKey Secret（拥有 AliyunCDNReadOnlyAccess 权限的 RAM 用户即可）</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Add a UCloud account</source>
        <translation>添加 UCloud 账号</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A public and private key from the UCloud console&apos;s API key page</source>
        <translation>需要 UCloud 控制台 API 密钥页面中的公钥和私钥</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Add a Tencent Cloud account</source>
        <translation>添加腾讯云账号</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>A SecretId and SecretKey from Tencent Cloud CAM&apos;s API key page, for CDN or EdgeOne</source>
        <translation>需要腾讯云访问管理（CAM）API 密钥页面中的 SecretId 和 SecretKey，可用于 CDN 或 EdgeOne</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Add a Huawei Cloud account</source>
        <translation>添加华为云账号</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>An access key (AK and SK) from Huawei Cloud&apos;s My Credentials page</source>
        <translation>华为云“我的凭证”页面中的访问密钥（AK 和 SK）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Add a Volcengine account</source>
        <translation>添加火山引擎账号</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>An Access Key ID and Secret Access Key from Volcengine&apos;s API key page</source>
        <translation>火山引擎“API 访问密钥”页面中的 Access Key ID 和 Secret Access Key</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Try the demo</source>
        <translation>试用演示</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Emulated accounts and traffic; nothing leaves this computer</source>
        <translation>模拟的账号和流量；不会有任何数据离开本机</translation>
    </message>
</context>
</TS>
