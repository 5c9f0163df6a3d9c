"""The batched CRF against brute-force enumeration of every tag path."""

import itertools

import pytest
import torch

from clinx_spacy.ml.biluo import allowed_transitions, biluo_tags
from clinx_spacy.ml.torch_crf import ConditionalRandomField


def random_crf(tags_or_n, seed: int) -> ConditionalRandomField:
    if isinstance(tags_or_n, int):
        n = tags_or_n
        masks = [torch.ones(n, n, dtype=torch.bool), torch.ones(n, dtype=torch.bool), torch.ones(n, dtype=torch.bool)]
    else:
        masks = [torch.from_numpy(mask) for mask in allowed_transitions(tags_or_n)]
    crf = ConditionalRandomField(*masks)
    generator = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for param in crf.parameters():
            param.copy_(torch.randn(param.shape, generator=generator))
    return crf


def path_scores(crf: ConditionalRandomField, emissions: torch.Tensor):
    """(path, score) of every valid path of one unpadded sequence (length, n_tags)."""
    length, n_tags = emissions.shape
    for path in itertools.product(range(n_tags), repeat=length):
        if not (crf.allowed_start[path[0]] and crf.allowed_end[path[-1]]):
            continue
        if not all(crf.allowed[i, j] for i, j in zip(path, path[1:])):
            continue
        score = crf.start_transitions[path[0]] + crf.end_transitions[path[-1]]
        score = score + sum(emissions[t, tag] for t, tag in enumerate(path))
        score = score + sum(crf.transitions[i, j] for i, j in zip(path, path[1:]))
        yield path, score


def brute_force_nll(crf, emissions, tags):
    """-log P(gold) with unknown (-1) tags summed over, from the enumerated paths."""
    scored = list(path_scores(crf, emissions))
    log_z = torch.logsumexp(torch.stack([s for _, s in scored]), 0)
    agreeing = [s for p, s in scored if all(g < 0 or g == t for g, t in zip(tags, p))]
    return log_z - torch.logsumexp(torch.stack(agreeing), 0)


def batch(seqs, n_tags):
    """Pad a list of (length, n_tags) emissions; the mask marks real tokens."""
    length = max(len(s) for s in seqs)
    emissions = torch.zeros(len(seqs), length, n_tags)
    mask = torch.zeros(len(seqs), length, dtype=torch.bool)
    for b, seq in enumerate(seqs):
        emissions[b, : len(seq)] = seq
        mask[b, : len(seq)] = True
    return emissions, mask


def pad_tags(tag_lists, length):
    return torch.tensor([list(t) + [-1] * (length - len(t)) for t in tag_lists])


@pytest.mark.parametrize("seed", range(5))
def test_nll_equals_brute_force_unconstrained(seed):
    crf = random_crf(3, seed)
    emissions = torch.randn(1, 4, 3, generator=torch.Generator().manual_seed(100 + seed))
    gold = [2, 0, 1, 1]
    nll = crf(emissions, torch.ones(1, 4, dtype=torch.bool), torch.tensor([gold]))
    assert nll.item() == pytest.approx(brute_force_nll(crf, emissions[0], gold).item(), abs=1e-4)
    # The gold score is the gold path's score.
    score = dict(path_scores(crf, emissions[0]))[tuple(gold)]
    gold_score = crf.gold_score(emissions, torch.ones(1, 4, dtype=torch.bool), torch.tensor([gold]))
    assert gold_score.item() == pytest.approx(score.item(), abs=1e-4)


@pytest.mark.parametrize("seed", range(5))
def test_batched_nll_with_padding_and_unknown_tags_equals_brute_force(seed):
    tags = biluo_tags(["A"])
    crf = random_crf(tags, seed)
    generator = torch.Generator().manual_seed(200 + seed)
    seqs = [torch.randn(n, len(tags), generator=generator) for n in (4, 2, 1, 3)]
    # Gold paths are valid BILUO; -1 marks tokens whose gold tag is unknown.
    golds = [[1, 2, 3, 0], [4, -1], [-1], [0, -1, -1]]
    emissions, mask = batch(seqs, len(tags))
    nll = crf(emissions, mask, pad_tags(golds, emissions.shape[1]))
    expected = torch.stack([brute_force_nll(crf, s, g) for s, g in zip(seqs, golds)])
    assert nll.detach().tolist() == pytest.approx(expected.detach().tolist(), abs=1e-4)
    assert nll[2].item() == pytest.approx(0.0, abs=1e-5)  # nothing known, nothing to learn


def test_gradients_equal_brute_force_gradients():
    tags = biluo_tags(["A", "B"])
    crf = random_crf(tags, 7)
    seqs = [torch.randn(n, len(tags), generator=torch.Generator().manual_seed(n)) for n in (3, 2)]
    golds = [[5, 6, 7], [-1, 4]]
    emissions, mask = batch(seqs, len(tags))
    emissions.requires_grad_(True)
    crf(emissions, mask, pad_tags(golds, 3)).sum().backward()
    ours = [emissions.grad.clone()] + [p.grad.clone() for p in crf.parameters()]
    crf.zero_grad()
    leaves = [s.clone().requires_grad_(True) for s in seqs]
    sum(brute_force_nll(crf, s, g) for s, g in zip(leaves, golds)).backward()
    expected_emissions = torch.zeros_like(emissions)
    for b, leaf in enumerate(leaves):
        expected_emissions[b, : len(leaf)] = leaf.grad
    expected = [expected_emissions] + [p.grad for p in crf.parameters()]
    for got, want in zip(ours, expected):
        assert torch.allclose(got, want, atol=1e-4)
    # Forbidden transitions are never scored, so they never learn.
    assert (ours[1][~crf.allowed] == 0).all()


def log_space_partition(crf, emissions, mask):
    """log Z by the textbook log-space recursion in float64, for long sequences."""
    transitions, start, end = (x.double() for x in crf._constrained(float("-inf")))
    emissions = emissions.double()
    alpha = start + emissions[:, 0]
    for t in range(1, emissions.shape[1]):
        step = torch.logsumexp(alpha.unsqueeze(2) + transitions, dim=1) + emissions[:, t]
        alpha = torch.where(mask[:, t, None], step, alpha)
    return torch.logsumexp(alpha + end, dim=1)


def test_long_documents_with_large_scores_stay_exact():
    # Thousands of tokens and emission scores far apart: the scaled probability-space
    # recursion must neither overflow nor underflow.
    tags = biluo_tags(["A", "B", "C"])
    crf = random_crf(tags, 3)
    generator = torch.Generator().manual_seed(3)
    seqs = [torch.randn(n, len(tags), generator=generator) * 40 for n in (3000, 1200, 1)]
    emissions, mask = batch(seqs, len(tags))
    emissions.requires_grad_(True)
    log_z = crf.log_partition(emissions, mask)
    assert torch.allclose(log_z.double(), log_space_partition(crf, emissions.detach(), mask), rtol=1e-6)
    log_z.sum().backward()
    # The gradient of log Z is each token's tag marginal: it sums to 1 on real tokens, 0 on padding.
    assert torch.allclose(emissions.grad.sum(2), mask.float(), atol=1e-4)


@pytest.mark.parametrize("gold", [[4, 2], [2, 3]])  # U-A then I-A; I-A first (O, B-A, I-A, L-A, U-A)
def test_gold_tags_without_a_valid_path_give_a_finite_loss_and_no_gradient(gold):
    crf = random_crf(biluo_tags(["A"]), 0)
    emissions = torch.randn(2, 2, 5, requires_grad=True)
    nll = crf(emissions, torch.ones(2, 2, dtype=torch.bool), torch.tensor([gold, [0, 0]]))
    nll.sum().backward()
    assert torch.isfinite(nll).all() and torch.isfinite(emissions.grad).all()
    # The other sequence of the batch still learns.
    assert emissions.grad[1].abs().sum() > 0


@pytest.mark.parametrize("seed", range(10))
def test_viterbi_equals_brute_force_argmax(seed):
    tags = biluo_tags(["A", "B"])
    crf = random_crf(tags, seed)
    generator = torch.Generator().manual_seed(300 + seed)
    seqs = [torch.randn(n, len(tags), generator=generator) * 3 for n in (4, 1, 3)]
    emissions, mask = batch(seqs, len(tags))
    paths = crf.decode(emissions, mask)
    for b, seq in enumerate(seqs):
        best_path, _ = max(path_scores(crf, seq), key=lambda item: item[1].item())
        assert tuple(paths[b, : len(seq)].tolist()) == best_path


def test_decoding_never_yields_invalid_biluo(valid_biluo):
    tags = biluo_tags(["ENFERMEDAD", "FARMACO", "HOSPITAL"])
    for seed in range(300):
        crf = random_crf(tags, seed)
        generator = torch.Generator().manual_seed(seed)
        # Emissions that strongly favour invalid sequences (I-/L- everywhere) half the time.
        lengths = torch.randint(1, 13, (8,), generator=generator).tolist()
        seqs = [torch.randn(n, len(tags), generator=generator) * 10 for n in lengths]
        if seed % 2:
            for seq in seqs:
                seq[:, 2::4] += 50
        emissions, mask = batch(seqs, len(tags))
        paths = crf.decode(emissions, mask)
        for b, n in enumerate(lengths):
            decoded = [tags[i] for i in paths[b, :n].tolist()]
            assert valid_biluo(decoded), (seed, decoded)


def test_state_dict_round_trip_keeps_size_and_constraints():
    crf = random_crf(biluo_tags(["A"]), 0)
    loaded = ConditionalRandomField.from_state_dict(crf.state_dict())
    assert loaded.n_tags == 5
    for name, value in crf.state_dict().items():
        assert torch.equal(loaded.state_dict()[name], value)


@pytest.mark.parametrize("seed", range(3))
def test_marginals_equal_brute_force_with_padding(seed):
    crf = random_crf(biluo_tags(["A"]), seed)
    generator = torch.Generator().manual_seed(seed + 10)
    seqs = [torch.randn(4, crf.n_tags, generator=generator), torch.randn(2, crf.n_tags, generator=generator)]
    emissions, mask = batch(seqs, crf.n_tags)
    marginals = crf.marginals(emissions, mask)
    for b, seq in enumerate(seqs):
        scored = list(path_scores(crf, seq))
        log_z = torch.logsumexp(torch.stack([s for _, s in scored]), 0)
        expected = torch.zeros(len(seq), crf.n_tags)
        for path, score in scored:
            for t, tag in enumerate(path):
                expected[t, tag] += torch.exp(score - log_z).item()
        torch.testing.assert_close(marginals[b, : len(seq)], expected, atol=1e-5, rtol=1e-4)
        assert marginals[b, len(seq) :].abs().sum() == 0
