"""How control results add up to a provider's status and the exit code: never `off` by default."""

from checker.results import ControlResult, ExitCode, ProviderResult, Reason, Status, exit_code_for, provider_status


def test_a_provider_with_no_control_results_is_not_off():
    # Nothing was read, so nothing was verified: absence is never off.
    assert provider_status([]) == (Status.unknown, Reason.error)


def test_one_unknown_control_keeps_the_provider_unknown():
    controls = [ControlResult(id="a", label="A", status=Status.off),
                ControlResult(id="b", label="B", status=Status.unknown, reason=Reason.timeout)]
    assert provider_status(controls) == (Status.unknown, Reason.timeout)
    provider = ProviderResult(id="p", name="P", status=Status.unknown, reason=Reason.timeout, controls=controls)
    assert exit_code_for([provider]) == ExitCode.UNVERIFIED


def test_a_result_names_where_it_was_read_from_one_known_source():
    import pytest
    from pydantic import ValidationError

    from checker.results import Source

    result = ProviderResult(id="chatgpt", name="ChatGPT", status=Status.on, source="demo")
    assert result.source is Source.demo and result.model_dump(mode="json")["source"] == "demo"
    with pytest.raises(ValidationError):
        ProviderResult(id="chatgpt", name="ChatGPT", status=Status.on, source="elsewhere")
