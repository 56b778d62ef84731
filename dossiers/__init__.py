"""The dossier lifecycle (level 3): codes, working days, receipts, tracking."""
