"""Small dialogs, one module each: accounts, custom time range."""
