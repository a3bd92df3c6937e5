"""Data files shipped with conduct_nlp (the abbreviation table)."""
