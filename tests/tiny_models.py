"""Tiny XLM-R models and Spanish clinical-style text for tests: small enough that a
training step takes milliseconds."""

import contextlib
import random
from pathlib import Path
from typing import Iterator

ROOT = Path(__file__).parents[1]
CONFIGS = ROOT / "configs"
# The shared gold corpora beside the checkout (tests that need them skip without).
CORPORA = ROOT.parent / "shared" / "corpora"
CORPUS = CORPORA / "pretrain" / "es_clinical_cases.txt"
# Small enough that MLM steps take milliseconds.
# A tok2vec small enough to train in a test: hash embeddings and one CNN layer of HASH_WIDTH.
HASH_WIDTH = 16
HASH_TOK2VEC = {
    "@architectures": "spacy.HashEmbedCNN.v2",
    "width": HASH_WIDTH,
    "depth": 1,
    "embed_size": 500,
    "window_size": 1,
    "maxout_pieces": 2,
    "subword_features": True,
    "pretrained_vectors": None,
}

TINY_SIZE = {
    "num_hidden_layers": 2,
    "hidden_size": 32,
    "num_attention_heads": 2,
    "intermediate_size": 64,
    "max_position_embeddings": 514,
}
_TEMPLATES = [
    "Paciente {sexo} de {edad} años que acude a urgencias por {sintoma} de {dias} días de evolución.",
    "Se inicia tratamiento con {farmaco} {dosis} mg cada {horas} horas por vía {via}.",
    "En la analítica destaca hemoglobina {hb},{dec} g/dL y leucocitos {leuco}.000/µL.",
    "La TAC abdominal muestra una masa de {cm} cm en el {organo} {lado}.",
    "Diagnóstico de {diagnostico}; se decide seguimiento en consultas de {servicio}.",
    "Antecedentes: {antecedente}, sin alergias medicamentosas conocidas.",
    "El niño presenta tensión arterial {pas}/{pad} mmHg y temperatura {temp},{dec} ºC.",
    "Tras {dias} días evoluciona favorablemente y recibe el alta con {farmaco}.",
]
_VALUES = {
    "sexo": ["varón", "mujer"],
    "sintoma": ["dolor torácico", "disnea", "fiebre", "hematuria", "cefalea", "dolor lumbar"],
    "farmaco": ["amoxicilina", "omeprazol", "paracetamol", "ibuprofeno", "colchicina", "enoxaparina"],
    "via": ["oral", "intravenosa", "subcutánea"],
    "organo": ["riñón", "hígado", "pulmón", "páncreas"],
    "lado": ["izquierdo", "derecho"],
    "diagnostico": [
        "carcinoma ductal infiltrante",
        "neumonía bilateral",
        "pielonefritis aguda",
        "insuficiencia cardíaca",
        "diabetes mellitus tipo 2",
    ],
    "servicio": ["Oncología", "Urología", "Neumología", "Cardiología"],
    "antecedente": ["hipertensión arterial", "dislipemia", "tabaquismo", "cardiopatía isquémica"],
}


def clinical_documents(n_docs: int = 80, seed: int = 0) -> list:
    """Spanish clinical-style documents (several template sentences each)."""
    rng = random.Random(seed)

    def sentence() -> str:
        fields = {key: rng.choice(values) for key, values in _VALUES.items()}
        fields.update(
            edad=rng.randint(1, 95),
            dias=rng.randint(1, 30),
            dosis=rng.choice([5, 20, 40, 500, 650]),
            horas=rng.choice([6, 8, 12, 24]),
            hb=rng.randint(8, 16),
            dec=rng.randint(0, 9),
            leuco=rng.randint(3, 25),
            cm=rng.randint(1, 15),
            pas=rng.randint(90, 180),
            pad=rng.randint(50, 110),
            temp=rng.randint(35, 40),
        )
        return rng.choice(_TEMPLATES).format(**fields)

    return [" ".join(sentence() for _ in range(rng.randint(4, 8))) for _ in range(n_docs)]


@contextlib.contextmanager
def one_torch_thread() -> Iterator[None]:
    """Tiny models run many tiny ops; on a busy machine torch's intra-op threads wait
    for each other far longer than the ops take (8 ms instead of 10 us a CRF step)."""
    import torch

    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        yield
    finally:
        torch.set_num_threads(threads)


def strided(window: int, stride: int) -> dict:
    """spacy-transformers' strided span getter, as a config block."""
    return {"@span_getters": "spacy-transformers.strided_spans.v1", "window": window, "stride": stride}


def add_tiny_transformer(nlp, model_dir, get_spans: dict, **model):
    """Add a `transformer` component over the tiny model in `model_dir` (extra settings of
    its model, e.g. `"@architectures": "clinx.TransformerModel.v1"`, in `model`)."""
    config = {"name": str(model_dir), "tokenizer_config": {"use_fast": True}, "get_spans": get_spans, **model}
    return nlp.add_pipe("transformer", config={"model": config})


def add_crf_head(nlp, listener: str, name: str = "ner"):
    """Add a `clinx_crf_ner` head over the transformer through `listener`, e.g.
    "spacy-transformers.TransformerListener.v1" or "clinx.ContextTransformerListener.v1"."""
    tok2vec = {"@architectures": listener, "upstream": "*", "pooling": {"@layers": "reduce_mean.v1"}}
    model = {"@architectures": "clinx.CRFTagger.v1", "tok2vec": tok2vec}
    return nlp.add_pipe("clinx_crf_ner", name=name, config={"model": model})
