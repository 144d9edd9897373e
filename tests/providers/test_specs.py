"""The provider seam: every per-provider table is a view of the providers' specs."""

from __future__ import annotations

import pytest

from cdnmon.accounts import credentials
from cdnmon.emulator import accounts as emulator_accounts
from cdnmon.model import InputError
from cdnmon.providers import registry
from cdnmon.providers.base import Credentials
from cdnmon.providers.errors import PROVIDER_TITLES, AuthError


def test_the_registry_lists_each_provider_once_in_picker_order() -> None:
    assert registry.PROVIDERS == (
        "aliyun",
        "ucloud",
        "tencent",
        "edgeone",
        "huawei",
        "volcengine",
        "prometheus",
    )
    assert [spec.name for spec in registry.SPECS] == list(registry.PROVIDERS)
    # The emulator answers for exactly the CDN providers cdnmon can talk to; Prometheus
    # only reads back what the collector took from them.
    assert registry.PROVIDERS[:-1] == registry.CDN_PROVIDERS
    assert set(emulator_accounts.PROVIDERS) == set(registry.CDN_PROVIDERS)


def test_every_table_is_read_from_the_specs() -> None:
    for spec in registry.SPECS:
        name = spec.name
        assert PROVIDER_TITLES[name] == credentials.title(name) == spec.title
        assert registry.DEFAULT_ENDPOINTS[name] == spec.default_endpoint
        assert registry.DATA_DELAYS[name] == spec.data_delay
        assert registry.RETENTIONS[name] == spec.retention
        assert registry.CALLS_PER_SECOND[name] == spec.calls_per_second
        assert credentials.ENV_VARS[name] == (spec.key_id_var, spec.secret_var, spec.project_var)
        assert credentials.KEY_ID_LABELS[name] == spec.key_id_label
        assert credentials.SECRET_LABELS[name] == spec.secret_label
    assert list(PROVIDER_TITLES) == list(registry.PROVIDERS) == list(credentials.PROVIDERS)


def test_each_spec_makes_a_client_of_its_own_provider_at_its_default_endpoint() -> None:
    creds = Credentials("AKIDexample", "secret")
    for spec in registry.SPECS:
        client = registry.make_client(spec.name, creds, "prod")
        assert client.provider == spec.name
        assert client.account == "prod"
    with pytest.raises(InputError, match="unknown provider 'akamai'"):
        registry.make_client("akamai", creds)


def test_project_ids_and_areas_follow_the_specs() -> None:
    takes_project = [spec.name for spec in registry.SPECS if spec.takes_project_id]
    takes_area = [spec.name for spec in registry.SPECS if spec.takes_area]
    assert takes_project == ["ucloud"] and takes_area == ["tencent"]
    with pytest.raises(InputError, match="a project id applies to UCloud only, not Tencent"):
        credentials.Account("tencent", "prod", "AKIDexample", project_id="org-1")
    with pytest.raises(InputError, match="an area applies to Tencent Cloud only, not UCloud"):
        credentials.Account("ucloud", "prod", "pub", area="overseas")
    with pytest.raises(InputError, match="use mainland or overseas, or leave it out for mainland"):
        credentials.Account("tencent", "prod", "AKIDexample", area="mars")
    assert credentials.Account("tencent", "prod", "AKIDexample", area="overseas").area


def test_environment_hints_come_from_the_variables_in_the_specs() -> None:
    assert credentials.env_hint("ucloud") == (
        "UCLOUD_PUBLIC_KEY and UCLOUD_PRIVATE_KEY (plus UCLOUD_PROJECT_ID if needed)"
    )
    every = credentials.env_hint()
    assert every.count("TENCENTCLOUD_SECRET_ID") == 1  # shared by Tencent's two products
    for spec in registry.SPECS:
        assert spec.env_hint in every


def test_errors_name_the_provider_by_its_spec_title() -> None:
    error = AuthError("edgeone", "bad signature", code="AuthFailure", account="prod")
    assert str(error).startswith("Tencent EdgeOne account 'prod': access denied (AuthFailure)")


def test_a_signature_version_is_for_the_providers_that_offer_a_choice() -> None:
    creds = Credentials("key-id", "secret")
    assert registry.make_client("aliyun", creds, signature="v1").provider == "aliyun"
    for provider in ("ucloud", "tencent", "edgeone", "huawei", "volcengine", "prometheus"):
        with pytest.raises(InputError, match="a signature version applies to Alibaba Cloud only"):
            registry.make_client(provider, creds, signature="v1")
