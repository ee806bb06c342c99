"""Safe spreadsheet I/O: archive checks before parsing, formula-safe and atomic writing."""
