__title__ = "clinx-spacy"
__version__ = "0.1.0"
__summary__ = "CLIN-X-ES Spanish clinical XLM-R models as spaCy pipelines"
