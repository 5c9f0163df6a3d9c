"""A linear-chain conditional random field in PyTorch, batched over padded sequences."""

from typing import Tuple

import numpy
import torch
from torch import Tensor

# Score of a forbidden transition or tag in training. Not -inf: a token whose
# tags are all forbidden would shift by -inf and give NaN. exp(NEG) underflows to
# exactly 0.0 (float64 too), so forbidden paths still add nothing to the sums.
NEG = -1e4
TINY = torch.finfo(torch.float64).tiny


class ConditionalRandomField(torch.nn.Module):
    """Learned transition, start and end scores between `n_tags` tags, restricted
    to the transitions the boolean masks allow (`allowed[i, j]`: tag j may follow
    tag i; `allowed_start`, `allowed_end`: first and last tags). The masks are
    buffers, so a state dict describes the whole module (see `from_state_dict`).

    Inputs are batched: `emissions` (batch, length, n_tags) float, `mask` (batch,
    length) bool, True on real tokens; every sequence has at least one token and
    its tokens come first. `tags` (batch, length) long holds gold tag ids, a
    negative id where the gold tag is unknown.
    """

    def __init__(self, allowed: Tensor, allowed_start: Tensor, allowed_end: Tensor) -> None:
        super().__init__()
        n_tags = allowed.shape[0]
        self.transitions = torch.nn.Parameter(torch.zeros(n_tags, n_tags))
        self.start_transitions = torch.nn.Parameter(torch.zeros(n_tags))
        self.end_transitions = torch.nn.Parameter(torch.zeros(n_tags))
        self.register_buffer("allowed", allowed.bool())
        self.register_buffer("allowed_start", allowed_start.bool())
        self.register_buffer("allowed_end", allowed_end.bool())

    @classmethod
    def from_state_dict(cls, state: dict) -> "ConditionalRandomField":
        """A module of the size and constraints stored in `state`, with its weights."""
        crf = cls(state["allowed"], state["allowed_start"], state["allowed_end"])
        crf.load_state_dict(state)
        return crf

    @property
    def n_tags(self) -> int:
        return self.allowed.shape[0]

    def forward(self, emissions: Tensor, mask: Tensor, tags: Tensor) -> Tensor:
        """Negative log-likelihood of the gold tags, one value per sequence."""
        # One forward pass over both batches: the step loop, not the batch size,
        # is what costs on long documents.
        both = torch.cat([emissions.float(), self._gold_emissions(emissions, tags)])
        log_z, gold = self.log_partition(both, torch.cat([mask, mask])).chunk(2)
        return log_z - gold

    def log_partition(self, emissions: Tensor, mask: Tensor) -> Tensor:
        """Log of the summed exp-scores of all valid paths (forward algorithm)."""
        transitions, start, end = self._constrained(NEG)
        return _LogPartition.apply(emissions.float(), mask, transitions, start, end)

    def gold_score(self, emissions: Tensor, mask: Tensor, tags: Tensor) -> Tensor:
        """Score of the gold path: with every tag known, the path's score; with
        unknown tags, the log-sum over the valid paths that agree with the known
        ones, so unknown positions are marginalised rather than guessed."""
        return self.log_partition(self._gold_emissions(emissions, tags), mask)

    def marginals(self, emissions: Tensor, mask: Tensor) -> Tensor:
        """P(tag j at token t | sequence), (batch, length, n_tags): the gradient of
        log Z with respect to the emissions, which the forward–backward pass of
        `log_partition` computes (zero past a sequence's length)."""
        with torch.enable_grad():
            emissions = emissions.detach().float().requires_grad_()
            (marginals,) = torch.autograd.grad(self.log_partition(emissions, mask).sum(), emissions)
        return marginals

    @torch.no_grad()
    def decode(self, emissions: Tensor, mask: Tensor) -> Tensor:
        """Best valid path of each sequence (Viterbi), (batch, length) long;
        entries past a sequence's length repeat its last tag. The recursion runs
        in numpy on the CPU: a loop of small operations per token costs several
        times less there than in torch, on any device."""
        transitions, start, end = (x.cpu().numpy() for x in self._constrained(float("-inf")))
        scores = emissions.float().cpu().numpy()
        real = mask.cpu().numpy()[:, :, None]
        n_batch, length, n_tags = scores.shape
        stay = numpy.broadcast_to(numpy.arange(n_tags), (n_batch, n_tags))
        score = start + scores[:, 0]
        backpointers = numpy.empty((max(length - 1, 0), n_batch, n_tags), dtype=numpy.int64)
        for t in range(1, length):
            candidates = score[:, :, None] + transitions
            previous = candidates.argmax(axis=1)
            best = numpy.take_along_axis(candidates, previous[:, None, :], axis=1)[:, 0]
            score = numpy.where(real[:, t], best + scores[:, t], score)
            backpointers[t - 1] = numpy.where(real[:, t], previous, stay)
        tag = (score + end).argmax(axis=1)
        path = [tag]
        rows = numpy.arange(n_batch)
        for previous in backpointers[::-1]:
            tag = previous[rows, tag]
            path.append(tag)
        return torch.from_numpy(numpy.stack(path[::-1], axis=1)).to(emissions.device)

    def _gold_emissions(self, emissions: Tensor, tags: Tensor) -> Tensor:
        # Tags that disagree with a known gold tag score as forbidden.
        tag_range = torch.arange(self.n_tags, device=tags.device)
        agrees = (tags.unsqueeze(2) == tag_range) | (tags < 0).unsqueeze(2)
        return emissions.float().masked_fill(~agrees, NEG)

    def _constrained(self, forbidden: float) -> Tuple[Tensor, Tensor, Tensor]:
        return (
            self.transitions.masked_fill(~self.allowed, forbidden),
            self.start_transitions.masked_fill(~self.allowed_start, forbidden),
            self.end_transitions.masked_fill(~self.allowed_end, forbidden),
        )


class _LogPartition(torch.autograd.Function):
    """log Z by the scaled forward algorithm in probability space (float64), with a
    hand-written backward pass (scaled backward algorithm: gradients are the tag and
    transition marginals). On CPU the cost of a document-level CRF is the number of
    small tensor operations per token, not their size: this does about 5 per token
    each way with no autograd graph, against about 20 for the same recursion in
    log space under autograd."""

    @staticmethod
    def forward(ctx, emissions: Tensor, mask: Tensor, transitions: Tensor, start: Tensor, end: Tensor) -> Tensor:
        scores = emissions.double()
        # Shifting each token's scores by their maximum keeps exp() in range; the
        # shifts are added back to log Z. Scores of NEG (forbidden) become exactly 0.
        shift = scores.max(dim=2, keepdim=True).values
        probs = torch.exp(scores - shift)
        step = torch.exp(transitions.double())
        alpha = torch.exp(start.double()) * probs[:, 0]
        norms = torch.ones(mask.shape, dtype=torch.float64, device=emissions.device)
        alphas = torch.empty_like(probs)
        # A norm of 0 (gold tags that leave no valid path) is floored at TINY.
        norms[:, 0] = alpha.sum(dim=1).clamp_min(TINY)
        alphas[:, 0] = alpha = alpha / norms[:, 0, None]
        for t in range(1, probs.shape[1]):
            new = (alpha @ step) * probs[:, t]
            norms[:, t] = total = torch.where(mask[:, t], new.sum(dim=1).clamp_min(TINY), 1.0)
            alphas[:, t] = alpha = torch.where(mask[:, t, None], new / total[:, None], alpha)
        end_probs = torch.exp(end.double())
        final = (alpha * end_probs).sum(dim=1)
        # Gold tags that leave no valid path give probability 0: the floors keep the
        # loss finite, as NEG does for forbidden transitions, and such a sequence
        # passes no gradient back.
        possible = final > 0
        final = final.clamp_min(TINY)
        log_z = norms.log().sum(1) + final.log() + (shift[..., 0] * mask).sum(1)
        ctx.save_for_backward(alphas, probs, norms, final, mask & possible[:, None], step, end_probs)
        return log_z.to(emissions.dtype)

    @staticmethod
    def backward(ctx, d_log_z: Tensor):
        alphas, probs, norms, final, mask, step, end_probs = ctx.saved_tensors
        n_batch, length, _ = probs.shape
        # beta[b, t, j]: the scaled probability mass of every completion after tag j at t.
        # Zero for sequences without a valid path (their mask is all False).
        beta = torch.where(mask[:, :1], end_probs / final[:, None], 0.0)
        betas = torch.empty_like(probs)
        betas[:, length - 1] = beta
        for t in range(length - 1, 0, -1):
            previous = ((probs[:, t] * beta) @ step.T) / norms[:, t, None]
            beta = torch.where(mask[:, t, None], previous, beta)
            betas[:, t - 1] = beta
        weight = d_log_z.double()[:, None, None] * mask[..., None]
        d_emissions = alphas * betas * weight
        # Expected transition counts: alpha[t-1, i] * step[i, j] * probs[t, j] * beta[t, j] / norms[t].
        incoming = (probs[:, 1:] * betas[:, 1:] / norms[:, 1:, None] * weight[:, 1:]).reshape(-1, probs.shape[2])
        d_transitions = step * (alphas[:, :-1].reshape(-1, probs.shape[2]).T @ incoming)
        d_start = d_emissions[:, 0].sum(0)
        last = mask.sum(1) - 1
        d_end = (alphas[torch.arange(n_batch), last] * end_probs / final[:, None] * weight[:, 0]).sum(0)
        return d_emissions.float(), None, d_transitions.float(), d_start.float(), d_end.float()
