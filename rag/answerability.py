"""Answerability: an optional stage that judges whether a sentence answers the question with an NLI or
reranker model, as small classes registered by name. Off by default (see `rerankers`); its threshold is
fitted by `rag calibrate`."""

from __future__ import annotations

import numpy as np

from .registry import Registry
from .rerankers import ModelError, cross_encoder


class Judge:
    """Base class: `score` gives, for each sentence, how likely it answers the question (0 to 1)."""

    name = ""

    def score(self, question: str, sentences: list[str]) -> list[float]:
        raise NotImplementedError


JUDGES: Registry[Judge] = Registry("answerability judge", ModelError)


@JUDGES.register
class NLIJudge(Judge):
    """A `CrossEncoder` read as entailment: the sentence is the premise, the question the hypothesis
    (MoritzLaurer/mDeBERTa-v3-base-mnli-xnli, for example). A model with one output (a reranker) gives
    its score through a sigmoid instead."""

    name = "nli"

    def __init__(self, model: str, batch_size: int = 16, max_length: int = 512, label: str = "entail"):
        self.model = model
        self.batch_size = int(batch_size)
        self.max_length = int(max_length)
        self.label = label  # the output whose probability counts: the label whose name contains it

    def score(self, question: str, sentences: list[str]) -> list[float]:
        if not sentences:
            return []
        from torch import nn

        encoder = cross_encoder(self.model, self.max_length)
        # Raw logits: sentence-transformers puts a sigmoid on a one-output model's by default, and the
        # sigmoid below would then be a second one (scores squeezed into 0.5 to 0.73).
        logits = np.asarray(encoder.predict([(s, question) for s in sentences], batch_size=self.batch_size,
                                            show_progress_bar=False, activation_fn=nn.Identity(),
                                            apply_softmax=False), dtype=np.float64)
        if logits.ndim == 1:
            return [float(p) for p in 1 / (1 + np.exp(-logits))]
        labels = {int(i): str(name).lower() for i, name in encoder.config.id2label.items()}
        column = next((i for i, name in labels.items() if self.label in name), None)
        if column is None:
            raise ModelError(f"the model {self.model!r} has no output labelled like {self.label!r} "
                             f"(its labels: {', '.join(labels.values())}); set the judge's label option")
        probabilities = np.exp(logits - logits.max(axis=1, keepdims=True))
        probabilities /= probabilities.sum(axis=1, keepdims=True)
        return [float(p) for p in probabilities[:, column]]
