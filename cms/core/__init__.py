"""The bottom layer every app may import: base page, shared abstract models, the
one definition of the provincial portal, text helpers and system checks.

Nothing here imports another first-party app (import-linter enforces it).
"""
