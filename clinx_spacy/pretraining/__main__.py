"""`python -m clinx_spacy.pretraining` (and `torchrun -m clinx_spacy.pretraining`): `clinx pretrain`."""

from ..cli.pretrain import app

app(prog_name="python -m clinx_spacy.pretraining")
