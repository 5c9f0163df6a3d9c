"""A linear-chain conditional random field in PyTorch, batched over padded sequences."""
from typing import Tuple

import torch
from torch import Tensor

# Score of a forbidden transition in training. Not -inf: a log-sum-exp over only
# forbidden paths would be -inf and its gradient NaN. exp(NEG) underflows to
# 0.0 in float32, so forbidden paths still add nothing to the sums.
NEG = -1e4


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
        emissions = emissions.float()
        alpha = start + emissions[:, 0]
        for t in range(1, emissions.shape[1]):
            # alpha[b, i] + transitions[i, j], summed over the previous tag i.
            step = torch.logsumexp(alpha.unsqueeze(2) + transitions, dim=1) + emissions[:, t]
            alpha = torch.where(mask[:, t, None], step, alpha)
        return torch.logsumexp(alpha + end, dim=1)

    def gold_score(self, emissions: Tensor, mask: Tensor, tags: Tensor) -> Tensor:
        """Score of the gold path: with every tag known, the path's score; with
        unknown tags, the log-sum over the valid paths that agree with the known
        ones, so unknown positions are marginalised rather than guessed."""
        return self.log_partition(self._gold_emissions(emissions, tags), mask)

    @torch.no_grad()
    def decode(self, emissions: Tensor, mask: Tensor) -> Tensor:
        """Best valid path of each sequence (Viterbi), (batch, length) long;
        entries past a sequence's length repeat its last tag."""
        transitions, start, end = self._constrained(float("-inf"))
        emissions = emissions.float()
        n_batch, length, n_tags = emissions.shape
        stay = torch.arange(n_tags, device=emissions.device).expand(n_batch, n_tags)
        score = start + emissions[:, 0]
        backpointers = []
        for t in range(1, length):
            best, previous = (score.unsqueeze(2) + transitions).max(dim=1)
            real = mask[:, t, None]
            score = torch.where(real, best + emissions[:, t], score)
            backpointers.append(torch.where(real, previous, stay))
        tag = (score + end).argmax(dim=1)
        path = [tag]
        for previous in reversed(backpointers):
            tag = previous.gather(1, tag.unsqueeze(1)).squeeze(1)
            path.append(tag)
        return torch.stack(path[::-1], dim=1)

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
