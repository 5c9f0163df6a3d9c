"""The synthetic BRAT sample and pretraining text of assets/sample (project tooling)."""
