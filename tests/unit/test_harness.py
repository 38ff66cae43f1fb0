"""The harness itself: toolchain discovery, the real-AWS guard, the moto extensions."""

from __future__ import annotations

import os
import re
from pathlib import Path

import boto3
import pytest

from governance.checks.iam import GENERIC_NAME_TOKENS
from harness import moto as harness_moto
from harness.guard import StrayAwsRequest, is_loopback
from harness.moto import replay
from harness.toolchain import (
    PROVIDER_MIRROR_ENV,
    TERRAFORM_BINARY_ENV,
    Toolchain,
    ToolchainMissing,
    discover,
    find_provider_mirror,
    platform_dir,
    search_mirror,
)

ROOT = Path(__file__).resolve().parents[2]


def test_missing_terraform_is_one_clear_message(monkeypatch):
    monkeypatch.setenv(TERRAFORM_BINARY_ENV, "/nonexistent/terraform")
    with pytest.raises(ToolchainMissing, match=r"not executable: install Terraform >= 1\.7"):
        discover()


def test_mirror_without_the_aws_provider_is_refused(monkeypatch, tmp_path):
    monkeypatch.setenv(PROVIDER_MIRROR_ENV, str(tmp_path))
    with pytest.raises(ToolchainMissing, match=r"holds no registry\.terraform\.io/hashicorp/aws"):
        find_provider_mirror()


def test_mirror_is_found_by_search(tmp_path):
    provider = tmp_path / "opt" / "plugins" / "registry.terraform.io" / "hashicorp" / "aws"
    binary = provider / "5.100.0" / platform_dir() / "terraform-provider-aws_v5.100.0_x5"
    binary.parent.mkdir(parents=True)
    binary.write_text("")
    assert search_mirror([tmp_path / "nowhere", tmp_path]) == tmp_path / "opt" / "plugins"
    assert search_mirror([tmp_path / "nowhere"]) is None


def test_the_written_cli_config_pins_only_the_aws_provider_to_the_mirror(tmp_path):
    env = Toolchain("terraform", "1.11.4", tmp_path).environment(tmp_path / "cfg")
    text = Path(env["TF_CLI_CONFIG_FILE"]).read_text()
    assert "filesystem_mirror" in text and str(tmp_path) in text
    assert 'exclude = ["registry.terraform.io/hashicorp/aws"]' in text
    assert "TF_CLI_CONFIG_FILE" not in Toolchain("terraform", "1.11.4", None).environment(tmp_path)


def test_terraform_runs_with_fewer_garbage_collections_unless_the_user_chose(tmp_path, monkeypatch):
    from harness.toolchain import TERRAFORM_GOGC

    toolchain = Toolchain("terraform", "1.11.4", None)
    monkeypatch.delenv("GOGC", raising=False)
    assert toolchain.environment(tmp_path)["GOGC"] == TERRAFORM_GOGC == "400"
    monkeypatch.setenv("GOGC", "100")
    assert toolchain.environment(tmp_path)["GOGC"] == "100"


def test_a_request_to_real_aws_fails_the_test():
    client = boto3.client("sts", region_name="us-east-1")
    with pytest.raises(StrayAwsRequest, match="must never reach a real AWS endpoint"):
        client.get_caller_identity()


def test_a_service_endpoint_of_the_users_environment_is_set_aside_in_the_sandbox(monkeypatch):
    from harness.guard import sandbox_only

    monkeypatch.setenv("AWS_ENDPOINT_URL_IAM", "https://iam.example.com")
    with sandbox_only():
        assert "AWS_ENDPOINT_URL_IAM" not in os.environ
    assert os.environ["AWS_ENDPOINT_URL_IAM"] == "https://iam.example.com"


def test_terraform_reaches_every_service_of_the_sandbox_through_one_variable(tmp_path):
    """No `endpoints {}` block (the provider validates it in each of its processes, 2 CPU-s
    a time): AWS_ENDPOINT_URL in the environment of every terraform command of the stack."""
    from harness.examples import sandbox_stack
    from harness.moto_sandbox import SandboxAccount

    account = SandboxAccount(account_id="111122223333", region="us-east-1",
                             role_arn="arn:aws:iam::111122223333:role/governance-sandbox",
                             endpoint="http://127.0.0.1:5999", session=None)
    stack = sandbox_stack("examples/complete", tmp_path, Toolchain("terraform", "1.11.4", None),
                          account)
    assert stack.tf.env["AWS_ENDPOINT_URL"] == "http://127.0.0.1:5999"
    overrides = [path.read_text() for path in stack.root.glob("*override.tf")]
    assert len(overrides) == 2  # the default provider and aws.secondary
    assert all("endpoints" not in text and 'https_proxy                 = "http://127.0.0.1:9"'
               in text for text in overrides)


def test_loopback_hosts_are_the_only_ones_allowed():
    assert is_loopback("http://127.0.0.1:5000/")
    assert is_loopback("http://123456789012.127.0.0.1:5000/")  # S3 Control host prefix
    assert not is_loopback("https://sts.amazonaws.com/")
    assert not is_loopback("https://127.0.0.1.evil.example/")


@pytest.mark.parametrize("extension", [f"{cls.__name__}.{name}" for cls, name, _, _ in
                                       harness_moto.EXTENSIONS])
def test_each_moto_extension_is_still_needed(moto_sandbox, extension):
    """Fails when a moto upgrade implements the call: then delete the extension."""
    assert harness_moto.MISSING_IN_STOCK_MOTO[extension], (
        f"moto now implements {extension}: remove it from harness/moto/")


def test_moto_extensions_answer_through_boto3(sandbox_account):
    iam = sandbox_account.client("iam")
    assert iam.list_mfa_device_tags(SerialNumber="arn:aws:iam::1:mfa/x")["Tags"] == []
    assert iam.list_service_specific_credentials()["ServiceSpecificCredentials"] == []
    ec2 = sandbox_account.client("ec2", "eu-west-1")
    assert ec2.get_instance_metadata_defaults()["AccountLevel"] == {}
    ec2.modify_instance_metadata_defaults(HttpTokens="required", HttpPutResponseHopLimit=2)
    assert ec2.get_instance_metadata_defaults()["AccountLevel"] == {
        "HttpTokens": "required", "HttpPutResponseHopLimit": 2}
    assert sandbox_account.client("ec2", "us-east-1").get_instance_metadata_defaults()[
        "AccountLevel"] == {}, "one state per region"
    ec2.modify_instance_metadata_defaults(HttpTokens="no-preference", HttpPutResponseHopLimit=-1)
    assert ec2.get_instance_metadata_defaults()["AccountLevel"] == {}


def test_sandbox_accounts_are_separate(moto_sandbox):
    first, second = moto_sandbox.new_account(), moto_sandbox.new_account()
    assert first.account_id != second.account_id
    first.client("iam").create_group(GroupName="OnlyInFirst")
    assert second.client("iam").list_groups()["Groups"] == []
    assert second.client("sts").get_caller_identity()["Account"] == second.account_id


def test_terraform_generic_user_names_are_known_to_the_check():
    text = (ROOT / "terraform/modules/iam-human-access/variables.tf").read_text()
    listed = re.search(r'contains\(\[("admin".*?)\], token\)', text)
    assert listed, "the generic-name list moved: update this test"
    words = set(re.findall(r'"([a-z]+)"', listed.group(1)))
    assert words <= GENERIC_NAME_TOKENS


def test_root_state_reaches_boto3_reads(sandbox_account):
    from harness.moto import set_root_state

    iam = sandbox_account.client("iam")
    assert iam.get_account_summary()["SummaryMap"]["AccountMFAEnabled"] == 0
    set_root_state(sandbox_account.account_id, mfa="virtual", access_keys=True,
                   password_last_used="2026-11-27T10:00:00+00:00")
    summary = iam.get_account_summary()["SummaryMap"]
    assert (summary["AccountMFAEnabled"], summary["AccountAccessKeysPresent"]) == (1, 1)
    devices = iam.list_virtual_mfa_devices()["VirtualMFADevices"]
    assert [d["User"]["Arn"] for d in devices] == [f"arn:aws:iam::{sandbox_account.account_id}:root"]
    iam.generate_credential_report()
    report = iam.get_credential_report()["Content"].decode()
    root = next(line for line in report.splitlines() if line.startswith("<root_account>"))
    assert "2026-11-27T10:00:00+00:00" in root and ",true," in root
    set_root_state(sandbox_account.account_id, mfa="hardware")
    assert iam.list_virtual_mfa_devices()["VirtualMFADevices"] == []


def test_denied_actions_answer_access_denied_in_that_account_only(moto_sandbox):
    from botocore.exceptions import ClientError

    from harness.moto import deny

    denied, other = moto_sandbox.new_account(), moto_sandbox.new_account()
    with deny(denied.account_id, "iam:ListUsers", "cloudtrail:DescribeTrails"):
        for client, call in ((denied.client("iam"), "list_users"),
                             (denied.client("cloudtrail"), "describe_trails")):
            with pytest.raises(ClientError, match="AccessDenied"):
                getattr(client, call)()
        other.client("iam").list_users()
    denied.client("iam").list_users()


def _sending_as(client, invocation: str, attempt: int) -> None:
    """Every later request of ``client`` carries this SDK invocation id and attempt."""
    def stamp(request, **_):
        request.headers["amz-sdk-invocation-id"] = invocation
        request.headers["amz-sdk-request"] = f"attempt={attempt}; max=3"
    client.meta.events.register("before-send.*", stamp)


def test_a_retried_request_whose_answer_was_lost_gets_that_answer_not_a_second_run(
        sandbox_account):
    """A lost 2xx answer (the client retries: same invocation id, attempt 2) is answered
    again, so a create is not run twice ("already exists"); a failed answer is not kept."""
    from botocore.exceptions import ClientError

    trust = '{"Version": "2012-10-17", "Statement": []}'
    first, retry = sandbox_account.client("iam", new=True), sandbox_account.client("iam", new=True)
    _sending_as(first, "lost-answer-1", attempt=1)
    _sending_as(retry, "lost-answer-1", attempt=2)
    made = first.create_role(RoleName="made-once", AssumeRolePolicyDocument=trust)["Role"]
    replays = len(replay.REPLAYED)
    again = retry.create_role(RoleName="made-once", AssumeRolePolicyDocument=trust)["Role"]
    assert again["RoleId"] == made["RoleId"]
    assert replay.REPLAYED[replays:] == [("lost-answer-1", "CreateRole")]

    refused, refused_retry = sandbox_account.client("iam", new=True), sandbox_account.client("iam", new=True)
    _sending_as(refused, "refused-2", attempt=1)
    _sending_as(refused_retry, "refused-2", attempt=2)
    for client in (refused, refused_retry):  # an error answer is run for real each time
        with pytest.raises(ClientError, match="EntityAlreadyExists"):
            client.create_role(RoleName="made-once", AssumeRolePolicyDocument=trust)
    unknown = sandbox_account.client("iam", new=True)
    _sending_as(unknown, "never-answered-3", attempt=2)
    with pytest.raises(ClientError, match="EntityAlreadyExists"):
        unknown.create_role(RoleName="made-once", AssumeRolePolicyDocument=trust)
    assert replay.REPLAYED[replays:] == [("lost-answer-1", "CreateRole")]
    del replay.REPLAYED[replays:]  # the run's summary counts real losses only


def test_a_large_answer_is_not_kept_for_a_retry(sandbox_account, monkeypatch):
    """Answers over ANSWER_KEPT_AT_MOST (a read's page) are not kept: the retry runs again."""
    from botocore.exceptions import ClientError

    monkeypatch.setattr(replay, "ANSWER_KEPT_AT_MOST", 10)
    trust = '{"Version": "2012-10-17", "Statement": []}'
    first, retry = sandbox_account.client("iam", new=True), sandbox_account.client("iam", new=True)
    _sending_as(first, "large-answer-1", attempt=1)
    _sending_as(retry, "large-answer-1", attempt=2)
    first.create_role(RoleName="answered-large", AssumeRolePolicyDocument=trust)
    with pytest.raises(ClientError, match="EntityAlreadyExists"):
        retry.create_role(RoleName="answered-large", AssumeRolePolicyDocument=trust)
    assert "large-answer-1" not in replay.ANSWERED
    assert replay._ANSWERED_SIZE[0] == sum(
        len(body) for _, _, body in replay.ANSWERED.values())


def test_xdist_groups_reach_the_scheduler(pytester, monkeypatch):
    """Tests sharing an applied stack rely on --dist loadgroup keeping their group on one
    worker; xdist does that by tagging node ids, which some pytest releases break (9.2).
    An inner session on two workers shows it, whether or not this one runs under xdist."""
    pytester.makepyfile(test_grouped="""
        import os, pytest

        @pytest.mark.xdist_group("stack")
        @pytest.mark.parametrize("n", range(4))
        def test_member(request, n):
            with open(os.environ["GROUP_LOG"], "a") as log:
                log.write(f"{os.environ.get('PYTEST_XDIST_WORKER')} {request.node.nodeid}\\n")

        @pytest.mark.parametrize("n", range(4))
        def test_free(n):
            pass
    """)
    log = pytester.path / "group.log"
    monkeypatch.setenv("GROUP_LOG", str(log))
    result = pytester.runpytest_subprocess("-p", "xdist", "-n", "2", "--dist", "loadgroup",
                                           "-p", "no:cacheprovider")
    result.assert_outcomes(passed=8)
    rows = [line.split(" ", 1) for line in log.read_text().splitlines()]
    assert len(rows) == 4
    assert all(nodeid.endswith("@stack") for _, nodeid in rows), rows
    assert len({worker for worker, _ in rows}) == 1, rows


def test_a_failed_apply_names_the_providers_retries_and_error_answers(tmp_path):
    """The excerpt .ci/run adds to a failed apply (GOVERNANCE_PROVIDER_LOG=1): a request sent
    again and an answer of 400 or more, each entry read across its continuation lines."""
    from harness.terraform import provider_log_excerpt

    log = tmp_path / "terraform-provider-debug.log"
    log.write_text(
        '2026-12-06T12:00:00.000Z [DEBUG] provider: HTTP Request Sent: rpc.service=EC2\n'
        '  http.request.header.amz_sdk_request="attempt=1; max=2" rpc.method=CreateVpc\n'
        '2026-12-06T12:00:01.000Z [DEBUG] provider: HTTP Request Sent: rpc.service=IAM\n'
        '  http.request.header.amz_sdk_request="attempt=2; max=2" rpc.method=CreateRole\n'
        '2026-12-06T12:00:02.000Z [DEBUG] provider: HTTP Response Received: rpc.service=IAM '
        'http.status_code=409 rpc.method=CreateRole\n'
        '2026-12-06T12:00:03.000Z [DEBUG] provider: HTTP Response Received: rpc.service=S3 '
        'http.status_code=200 rpc.method=HeadBucket\n')
    excerpt = provider_log_excerpt(log)
    assert "1 retried request(s); 2026-12-06T12:00:01.000Z attempt 2 rpc.service=IAM " \
        "rpc.method=CreateRole" in excerpt
    assert "1 error response(s); 2026-12-06T12:00:02.000Z rpc.service=IAM " \
        "http.status_code=409 rpc.method=CreateRole" in excerpt
    assert "CreateVpc" not in excerpt and "HeadBucket" not in excerpt
    log.write_text(log.read_text().splitlines()[0] + "\n")
    assert excerpt != provider_log_excerpt(log) == (
        " -- provider log (terraform-provider-debug.log): no retry and no error response")
    assert provider_log_excerpt(tmp_path / "absent.log") == ""
