"""The live core, Qt-free: what is being watched, the points fetched for it, and one
immutable snapshot per series that every view (window, wall, collector) only reads.

``keys`` names a series and an account, ``points`` holds the array rules (merge a fetched
window, sum a group), ``snapshot`` turns a series' arrays into what is drawn and read off,
``core`` decides what to fetch and when. The window's ``Monitor`` and the headless
collector are thin adapters that run its jobs on their own threads.
"""
