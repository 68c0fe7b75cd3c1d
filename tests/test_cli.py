"""The command line: arguments checked before any index or model loads."""

import pytest

from rag.cli import main


@pytest.mark.parametrize("args, message", [
    (["search", "问题", "-k", "0"], "argument -k: must be at least 1, not 0"),
    (["search", "问题", "-k", "-3"], "argument -k: must be at least 1, not -3"),
    (["search", "问题", "-k", "five"], "argument -k: 'five' is not a whole number"),
    (["ask", "问题", "--backend", "gpt-magic"], "unknown backend 'gpt-magic'; valid: echo, extractive, llamacpp, openai"),
    (["eval", "--backend", "gpt-magic"], "unknown backend 'gpt-magic'"),
])
def test_bad_arguments_exit_2_before_anything_loads(args, message, tmp_path, capsys):
    # The index folder does not exist: an argument checked only after loading would say that instead.
    with pytest.raises(SystemExit) as exit_:
        main([*args, "--index", str(tmp_path / "missing")])
    assert exit_.value.code == 2
    assert message in capsys.readouterr().err
