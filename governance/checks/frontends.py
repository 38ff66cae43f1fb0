"""CIS v7.0.0 4.10: access logging on AWS-managed web front-ends. One finding per front-end
resource: each CloudFront distribution (region "global"), each Application, Network and
Classic Load Balancer, each stage of an API Gateway REST, HTTP or WebSocket API.

The item's audit (CloudFront as the example) wants one or more access log destinations of
type S3 or CloudWatch log group. What counts as a destination:
- CloudFront: standard logging (legacy: Logging.Enabled with a bucket, S3) or a standard
  logging v2 delivery (CloudWatch Logs vended logs: a delivery source of log type
  ACCESS_LOGS naming the distribution and a delivery to S3 or CloudWatch Logs).
- ELBv2 and Classic Load Balancers: access logs to S3 (access_logs.s3.enabled with a
  bucket; AccessLog.Enabled with S3BucketName). AWS's default when the attribute is
  absent: off. Gateway Load Balancers have no access logs and front no HTTP(S): skipped.
  Network Load Balancers are judged too (the item names them), although they write
  access logs for TLS listeners only.
- API Gateway stages: accessLogSettings.destinationArn (REST) and
  AccessLogSettings.DestinationArn (HTTP, WebSocket): a CloudWatch log group; a REST
  stage logging only to Firehose has no destination of the two kinds the item names (FAIL).
An API without a stage serves nothing: NOT_APPLICABLE for that API (its stage list was
read and is empty). Private REST APIs are judged like public ones.
"""

from __future__ import annotations

from typing import Any

from governance.checks import check
from governance.model import AccountSnapshot, Finding, ReadFailed, Status

CONTROL = "web-frontends-access-logging"
ACCEPTED = ("S3", "CloudWatch Logs")
DELIVERY_TYPES = {"S3": "S3", "CWL": "CloudWatch Logs", "FH": "Firehose"}
BALANCER_KINDS = {"application": "Application Load Balancer",
                  "network": "Network Load Balancer"}
API_KINDS = {"HTTP": "HTTP API", "WEBSOCKET": "WebSocket API"}


def partition(snapshot: AccountSnapshot) -> str:
    """The ARN partition of the audited account (aws, aws-cn, aws-us-gov)."""
    parts = snapshot.caller_arn.split(":")
    return parts[1] if len(parts) > 1 and parts[0] == "arn" and parts[1] else "aws"


def destination_kind(arn: str) -> str:
    """S3, CloudWatch Logs, Firehose or the ARN's service, from a log destination ARN."""
    parts = arn.split(":")
    service = parts[2] if len(parts) > 2 and parts[0] == "arn" else ""
    if service == "s3":
        return "S3"
    if service == "logs":
        return "CloudWatch Logs"
    if service == "firehose":
        return "Firehose"
    return service or "unknown"


def _of(reads: dict[str, Any], api: str, key: str, region: str | None = None) -> Any:
    """The per-resource entry of a read; a resource the read left out is not proved."""
    if key not in reads:
        where = f" in {region}" if region else ""
        raise ReadFailed(api, f"no answer for {key}{where}")
    return reads[key]


def _finding(status: Status, reason: str, resource: str, region: str,
             evidence: dict[str, Any]) -> Finding:
    return Finding(CONTROL, status, reason, resource=resource, region=region, evidence=evidence)


# --- CloudFront ------------------------------------------------------------------------


def _v2_deliveries(snapshot: AccountSnapshot, arn: str) -> list[dict[str, Any]]:
    """The standard logging v2 deliveries of one distribution's access logs."""
    sources = {source.get("name") for source in snapshot.get("logs:DescribeDeliverySources") or []
               if arn in (source.get("resourceArns") or [])
               and source.get("logType") == "ACCESS_LOGS"}
    return [{"type": DELIVERY_TYPES.get(str(delivery.get("deliveryDestinationType")),
                                        str(delivery.get("deliveryDestinationType"))),
             "destination": delivery.get("deliveryDestinationArn")}
            for delivery in snapshot.get("logs:DescribeDeliveries") or []
            if delivery.get("deliverySourceName") in sources]


def _cloudfront(snapshot: AccountSnapshot) -> list[Finding]:
    distributions = snapshot.get("cloudfront:ListDistributions") or []
    configs = snapshot.get("cloudfront:GetDistributionConfig") or {}
    if not distributions:
        return [_finding(Status.NOT_APPLICABLE, "no CloudFront distribution in the account",
                         "account", "global", {})]
    findings = []
    for distribution in sorted(distributions, key=lambda item: str(item["Id"])):
        distribution_id = str(distribution["Id"])
        config = _of(configs, "cloudfront:GetDistributionConfig", distribution_id)
        if config is None:
            continue  # deleted between the list and its read
        arn = distribution.get("ARN") or (
            f"arn:{partition(snapshot)}:cloudfront::{snapshot.account_id}:"
            f"distribution/{distribution_id}")
        name = f"CloudFront distribution {distribution_id}"
        logging = config.get("Logging") or {}
        evidence: dict[str, Any] = {"domain": distribution.get("DomainName"),
                                    "standard_logging_legacy": logging}
        if logging.get("Enabled") and logging.get("Bucket"):
            findings.append(_finding(Status.PASS, f"{name} delivers access logs to S3 bucket "
                                     f"{logging['Bucket']} (standard logging)", arn, "global",
                                     evidence))
            continue
        deliveries = _v2_deliveries(snapshot, arn)
        evidence["deliveries"] = deliveries[:10]
        accepted = [item for item in deliveries if item["type"] in ACCEPTED]
        if accepted:
            kinds = ", ".join(sorted({item["type"] for item in accepted}))
            findings.append(_finding(Status.PASS, f"{name} delivers access logs to {kinds} "
                                     "(standard logging v2)", arn, "global", evidence))
        elif deliveries:
            kinds = ", ".join(sorted({item["type"] for item in deliveries}))
            findings.append(_finding(Status.FAIL, f"{name} delivers access logs only to "
                                     f"{kinds}, not to S3 or a CloudWatch log group", arn,
                                     "global", evidence))
        else:
            findings.append(_finding(Status.FAIL, f"{name} has no access log destination: "
                                     "standard logging off and no log delivery", arn, "global",
                                     evidence))
    return findings


# --- load balancers --------------------------------------------------------------------


def _elbv2(snapshot: AccountSnapshot, region: str) -> tuple[list[Finding], list[str]]:
    balancers = snapshot.get("elbv2:DescribeLoadBalancers", region) or []
    attributes = snapshot.get("elbv2:DescribeLoadBalancerAttributes", region) or {}
    findings, skipped = [], []
    for balancer in sorted(balancers, key=lambda item: str(item["LoadBalancerArn"])):
        arn = str(balancer["LoadBalancerArn"])
        kind = BALANCER_KINDS.get(str(balancer.get("Type", "application")))
        if kind is None:  # gateway: no access logs, no HTTP(S)
            skipped.append(arn)
            continue
        attrs = _of(attributes, "elbv2:DescribeLoadBalancerAttributes", arn, region)
        if attrs is None:
            continue
        name = f"{kind} {balancer.get('LoadBalancerName')} in {region}"
        enabled = str(attrs.get("access_logs.s3.enabled", "false")).lower()
        bucket = attrs.get("access_logs.s3.bucket") or ""
        evidence = {"access_logs.s3.enabled": enabled, "access_logs.s3.bucket": bucket,
                    "scheme": balancer.get("Scheme")}
        if enabled == "true" and bucket:
            findings.append(_finding(Status.PASS, f"{name} delivers access logs to S3 bucket "
                                     f"{bucket}", arn, region, evidence))
        else:
            findings.append(_finding(Status.FAIL, f"{name} has access logging off "
                                     f"(access_logs.s3.enabled {enabled}"
                                     f"{', no bucket' if enabled == 'true' else ''})", arn,
                                     region, evidence))
    return findings, skipped


def _classic(snapshot: AccountSnapshot, region: str) -> list[Finding]:
    balancers = snapshot.get("elb:DescribeLoadBalancers", region) or []
    attributes = snapshot.get("elb:DescribeLoadBalancerAttributes", region) or {}
    findings = []
    for balancer in sorted(balancers, key=lambda item: str(item["LoadBalancerName"])):
        balancer_name = str(balancer["LoadBalancerName"])
        attrs = _of(attributes, "elb:DescribeLoadBalancerAttributes", balancer_name, region)
        if attrs is None:
            continue
        arn = (f"arn:{partition(snapshot)}:elasticloadbalancing:{region}:"
               f"{snapshot.account_id}:loadbalancer/{balancer_name}")
        name = f"Classic Load Balancer {balancer_name} in {region}"
        log = attrs.get("AccessLog") or {}
        evidence = {"AccessLog": log, "scheme": balancer.get("Scheme")}
        if log.get("Enabled") and log.get("S3BucketName"):
            findings.append(_finding(Status.PASS, f"{name} delivers access logs to S3 bucket "
                                     f"{log['S3BucketName']}", arn, region, evidence))
        else:
            findings.append(_finding(Status.FAIL, f"{name} has access logging off "
                                     f"(AccessLog.Enabled {str(bool(log.get('Enabled'))).lower()})",
                                     arn, region, evidence))
    return findings


# --- API Gateway -----------------------------------------------------------------------


def _stage_finding(name: str, arn: str, region: str, destination: str | None,
                   evidence: dict[str, Any]) -> Finding:
    if not destination:
        return _finding(Status.FAIL, f"{name} has no access log destination", arn, region,
                        evidence)
    kind = destination_kind(destination)
    evidence = {**evidence, "destination": destination, "destination_type": kind}
    if kind not in ACCEPTED:
        return _finding(Status.FAIL, f"{name} delivers access logs only to {kind} "
                        f"({destination}), not to S3 or a CloudWatch log group", arn, region,
                        evidence)
    return _finding(Status.PASS, f"{name} delivers access logs to {kind} ({destination})",
                    arn, region, evidence)


def _rest_apis(snapshot: AccountSnapshot, region: str) -> list[Finding]:
    apis = snapshot.get("apigateway:GetRestApis", region) or []
    stages_of = snapshot.get("apigateway:GetStages", region) or {}
    findings = []
    for api in sorted(apis, key=lambda item: str(item["id"])):
        api_id = str(api["id"])
        stages = _of(stages_of, "apigateway:GetStages", api_id, region)
        if stages is None:
            continue
        base = f"arn:{partition(snapshot)}:apigateway:{region}::/restapis/{api_id}"
        label = f"REST API {api.get('name')} ({api_id}) in {region}"
        types = (api.get("endpointConfiguration") or {}).get("types") or []
        if not stages:
            findings.append(_finding(Status.NOT_APPLICABLE, f"{label} has no stage: nothing "
                                     "is served", base, region, {"endpoint_types": types}))
        for stage in sorted(stages, key=lambda item: str(item.get("stageName"))):
            stage_name = str(stage.get("stageName"))
            destination = (stage.get("accessLogSettings") or {}).get("destinationArn")
            findings.append(_stage_finding(
                f"REST API {api.get('name')} ({api_id}) stage {stage_name} in {region}",
                f"{base}/stages/{stage_name}", region, destination,
                {"endpoint_types": types}))
    return findings


def _http_apis(snapshot: AccountSnapshot, region: str) -> list[Finding]:
    apis = snapshot.get("apigatewayv2:GetApis", region) or []
    stages_of = snapshot.get("apigatewayv2:GetStages", region) or {}
    findings = []
    for api in sorted(apis, key=lambda item: str(item["ApiId"])):
        api_id = str(api["ApiId"])
        stages = _of(stages_of, "apigatewayv2:GetStages", api_id, region)
        if stages is None:
            continue
        kind = API_KINDS.get(str(api.get("ProtocolType")), f"{api.get('ProtocolType')} API")
        base = f"arn:{partition(snapshot)}:apigateway:{region}::/apis/{api_id}"
        if not stages:
            findings.append(_finding(Status.NOT_APPLICABLE, f"{kind} {api.get('Name')} "
                                     f"({api_id}) in {region} has no stage: nothing is served",
                                     base, region, {}))
        for stage in sorted(stages, key=lambda item: str(item.get("StageName"))):
            stage_name = str(stage.get("StageName"))
            destination = (stage.get("AccessLogSettings") or {}).get("DestinationArn")
            findings.append(_stage_finding(
                f"{kind} {api.get('Name')} ({api_id}) stage {stage_name} in {region}",
                f"{base}/stages/{stage_name}", region, destination, {}))
    return findings


@check(CONTROL)
def web_frontends_access_logging(snapshot: AccountSnapshot) -> list[Finding]:
    findings = _cloudfront(snapshot)
    for region in snapshot.regions:
        balancers, skipped = _elbv2(snapshot, region)
        regional = balancers + _classic(snapshot, region) + _rest_apis(snapshot, region) + \
            _http_apis(snapshot, region)
        if not regional:
            reason = f"no load balancer or API Gateway API in {region}"
            if skipped:
                reason = (f"no web front-end in {region}: only Gateway Load Balancers, which "
                          "have no access logs")
            regional = [Finding(CONTROL, Status.NOT_APPLICABLE, reason, region=region,
                                evidence={"gateway_load_balancers": skipped[:20]})]
        findings.extend(regional)
    return findings
