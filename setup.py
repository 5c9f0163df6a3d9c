"""clinx-spacy: CLIN-X-ES, the Spanish clinical XLM-R, as spaCy pipelines."""
from pathlib import Path

from setuptools import find_packages, setup

HERE = Path(__file__).parent
about = {}
exec((HERE / "clinx_spacy" / "about.py").read_text(encoding="utf8"), about)

setup(
    name="clinx-spacy",
    version=about["__version__"],
    description=about["__summary__"],
    long_description=(HERE / "README.md").read_text(encoding="utf8"),
    long_description_content_type="text/markdown",
    license="MIT",
    python_requires=">=3.9",
    packages=find_packages(include=["clinx_spacy", "clinx_spacy.*"]),
    include_package_data=True,
    package_data={"clinx_spacy": ["configs/*.cfg", "configs/*.json"]},
    install_requires=[
        "spacy>=3.7.5,<3.9.0",
        "spacy-transformers>=1.3.5,<1.5.0",
        "transformers>=4.38,<4.53.3",
        "thinc>=8.2.2,<8.4.0",
        # A range, so GPU users keep their own CUDA build; requirements.txt pins the CPU build.
        "torch>=2.1",
        "tokenizers>=0.15",
        "sentencepiece>=0.1.99",
        # XLMRobertaTokenizerFast converts the SentencePiece model through protobuf.
        "protobuf>=3.20",
        "accelerate>=0.26",
        "spacy-lookups-data>=1.0.5",
        "typer>=0.9",
        "tqdm>=4.60",
    ],
    extras_require={"test": ["pytest>=7"]},
    entry_points={
        "console_scripts": ["clinx = clinx_spacy.cli:main"],
        "spacy_tokenizers": [
            "clinx.ClinicalTokenizer.v1 = clinx_spacy.tokenizer:create_clinical_tokenizer",
            "clinx.SubwordTokenizer.v1 = clinx_spacy.tokenizer:create_subword_tokenizer",
        ],
        "spacy_readers": [
            "clinx.BratCorpus.v1 = clinx_spacy.readers:create_brat_corpus",
            "clinx.MultiTaskBratCorpus.v1 = clinx_spacy.readers:create_multitask_brat_corpus",
        ],
        "spacy_factories": [
            "clinx_crf_ner = clinx_spacy.crf.component:make_crf_ner",
            "clinx_merge_ents = clinx_spacy.merge:make_merge_ents",
            "clinx_stash_ents = clinx_spacy.ensemble.vote:make_stash_ents",
            "clinx_vote_ents = clinx_spacy.ensemble.vote:make_vote_ents",
        ],
        "spacy_architectures": [
            "clinx.CRFTagger.v1 = clinx_spacy.crf.model:build_crf_tagger",
            "clinx.TransformerModel.v1 = clinx_spacy.bf16:create_transformer_model",
            "clinx.ContextTransformerListener.v1 = clinx_spacy.context:context_transformer_listener",
            "clinx.Tok2VecTransformer.v1 = clinx_spacy.transformer_copy:tok2vec_transformer",
            "clinx.ConcatenateFeatures.v1 = clinx_spacy.features:concatenate_features",
        ],
        "spacy_loggers": [
            "clinx.StatsLogger.v1 = clinx_spacy.training_logger:stats_logger",
        ],
        "spacy_scorers": [
            "clinx.strict_span_scorer.v1 = clinx_spacy.scoring:make_strict_span_scorer",
        ],
    },
    classifiers=[
        "Programming Language :: Python :: 3",
        "Topic :: Scientific/Engineering :: Artificial Intelligence",
        "Natural Language :: Spanish",
    ],
)
