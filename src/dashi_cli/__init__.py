"""dashi: checks Shaoguan municipal skill master studio dossiers against 韶人社函〔2022〕46号."""

__version__ = "0.1.0"
