"""spaCy finds every registered clinx function through the package's entry points, with no import."""

import subprocess
import sys

import pytest

REGISTERED = [
    ("tokenizers", "clinx.ClinicalTokenizer.v1"),
    ("readers", "clinx.BratCorpus.v1"),
    ("readers", "clinx.MultiTaskBratCorpus.v1"),
    ("readers", "clinx.AssertionCorpus.v1"),
    ("scorers", "clinx.strict_span_scorer.v1"),
    ("loggers", "clinx.StatsLogger.v1"),
    ("tokenizers", "clinx.SubwordTokenizer.v1"),
    ("architectures", "clinx.CRFTagger.v1"),
    ("architectures", "clinx.ContextTransformerListener.v1"),
    ("architectures", "clinx.TransformerModel.v1"),
    ("architectures", "clinx.Tok2VecTransformer.v1"),
    ("architectures", "clinx.ConcatenateFeatures.v1"),
]


@pytest.mark.parametrize("registry_name,func_name", REGISTERED)
def test_registered_through_entry_points(registry_name, func_name):
    code = (
        "import sys, spacy\n"
        f"func = getattr(spacy.registry, {registry_name!r}).get({func_name!r})\n"
        "print(func.__module__)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().startswith("clinx_spacy.")


@pytest.mark.parametrize(
    "factory,config,module",
    [
        ("clinx_crf_ner", {}, "clinx_spacy.pipeline.crf_ner"),
        ("clinx_merge_ents", {"spans_keys": ["meddocan"]}, "clinx_spacy.pipeline.merge_ents"),
        ("clinx_context", {}, "clinx_spacy.pipeline.context"),
        ("clinx_scope_assertion", {}, "clinx_spacy.pipeline.scope_assertion"),
        ("clinx_sentencizer", {}, "clinx_spacy.pipeline.sentencizer"),
    ],
)
def test_component_factory_through_entry_points(factory, config, module):
    code = (
        f"import spacy\nnlp = spacy.blank('es')\nprint(type(nlp.add_pipe({factory!r}, config={config!r})).__module__)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == module
