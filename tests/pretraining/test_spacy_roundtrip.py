import numpy
import spacy


def test_pipeline_with_pretrained_folder_saves_and_loads(tmp_path, model_dir):
    nlp = spacy.blank("es")
    nlp.add_pipe("transformer", config={"model": {"name": str(model_dir), "tokenizer_config": {"use_fast": True}}})
    nlp.initialize()
    text = "Paciente de 45 años con 0,5 mg/día de omeprazol."
    expected = nlp(text)._.trf_data.tensors[0]
    nlp.to_disk(tmp_path / "pipeline")
    loaded = spacy.load(tmp_path / "pipeline")
    doc = loaded(text)
    numpy.testing.assert_allclose(doc._.trf_data.tensors[0], expected, rtol=1e-5, atol=1e-5)
    assert (tmp_path / "pipeline" / "transformer" / "model").exists()
