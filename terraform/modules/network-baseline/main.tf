data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}
data "aws_region" "current" {}

# Every VPC of the region at plan time, the default VPC included (CIS 3.7 and 5.4 apply to
# all of them). Not read when the caller names the VPCs.
data "aws_vpcs" "all" {
  count = var.vpc_ids == null ? 1 : 0
}

locals {
  account_id = data.aws_caller_identity.current.account_id
  partition  = data.aws_partition.current.partition
  region     = data.aws_region.current.name

  vpc_ids = toset(var.vpc_ids != null ? var.vpc_ids : one(data.aws_vpcs.all[*].ids))

  log_group_name = "/aws/vpc-flow-logs/${var.name_prefix}"
  # Built from the name (not read from the resource) so the IAM and KMS policies are known
  # at plan time and the plan-time policy lint sees them.
  log_group_arn = "arn:${local.partition}:logs:${local.region}:${local.account_id}:log-group:${local.log_group_name}"
  # IAM is global: one role per governed region.
  role_name = "${var.name_prefix}-vpc-flow-logs-${local.region}"
}

################################################################################
# KMS key of the flow-log group (CloudWatch Logs encrypts with a key of its own region)
################################################################################

# The key, its alias, the account root's administration statement and CloudWatch Logs'
# statement for the flow-log group (ArnEquals on its ARN) come from ../_internal/kms-key.
module "flow_logs_kms_key" {
  source = "../_internal/kms-key"
  count  = var.enable_flow_logs ? 1 : 0

  alias_name              = "alias/${var.name_prefix}-vpc-flow-logs"
  description             = "${var.name_prefix}: encrypts the VPC flow-log group ${local.log_group_name} in ${local.region}"
  deletion_window_in_days = var.kms_key_deletion_window_in_days
  account_id              = local.account_id
  partition               = local.partition
  # ArnEquals (an exact ARN): the flow-log group only.
  cloudwatch_logs_log_group_arns = [local.log_group_arn]
  cloudwatch_logs_statement_sid  = "AllowCloudWatchLogsFlowLogGroupEncryption"
  tags                           = var.tags
}

# State written before the key moved into ../_internal/kms-key follows without a replace.
moved {
  from = aws_kms_key.flow_logs[0]
  to   = module.flow_logs_kms_key[0].aws_kms_key.this
}

moved {
  from = aws_kms_alias.flow_logs[0]
  to   = module.flow_logs_kms_key[0].aws_kms_alias.this
}

################################################################################
# CloudWatch Logs group and the role VPC Flow Logs delivers with
################################################################################

resource "aws_cloudwatch_log_group" "flow_logs" {
  count = var.enable_flow_logs ? 1 : 0

  name              = local.log_group_name
  retention_in_days = var.flow_log_retention_days
  kms_key_id        = module.flow_logs_kms_key[0].key_arn
  tags              = var.tags
}

data "aws_iam_policy_document" "assume" {
  count = var.enable_flow_logs ? 1 : 0

  statement {
    sid     = "VpcFlowLogsAssumeRole"
    effect  = "Allow"
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["vpc-flow-logs.amazonaws.com"]
    }

    # Confused-deputy guard: only flow logs of this account and region.
    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [local.account_id]
    }

    condition {
      test     = "ArnLike"
      variable = "aws:SourceArn"
      values   = ["arn:${local.partition}:ec2:${local.region}:${local.account_id}:vpc-flow-log/*"]
    }
  }
}

resource "aws_iam_role" "flow_logs" {
  count = var.enable_flow_logs ? 1 : 0

  name               = local.role_name
  description        = "VPC Flow Logs delivery to ${local.log_group_name} in ${local.region}"
  assume_role_policy = data.aws_iam_policy_document.assume[0].json
  tags               = var.tags
}

# Least privilege: write streams and events into this one log group. The group exists
# already (no logs:CreateLogGroup), and no account-wide DescribeLogGroups is granted.
data "aws_iam_policy_document" "delivery" {
  count = var.enable_flow_logs ? 1 : 0

  statement {
    sid    = "DeliverFlowLogsToTheFlowLogGroup"
    effect = "Allow"
    actions = [
      "logs:CreateLogStream",
      "logs:DescribeLogStreams",
      "logs:PutLogEvents",
    ]
    resources = [local.log_group_arn, "${local.log_group_arn}:log-stream:*"]
  }
}

resource "aws_iam_role_policy" "flow_logs" {
  count = var.enable_flow_logs ? 1 : 0

  name   = "deliver-vpc-flow-logs"
  role   = aws_iam_role.flow_logs[0].id
  policy = data.aws_iam_policy_document.delivery[0].json
}

################################################################################
# One flow log per VPC (CIS 3.7)
################################################################################

resource "aws_flow_log" "this" {
  for_each = var.enable_flow_logs ? local.vpc_ids : toset([])

  vpc_id                   = each.value
  traffic_type             = var.flow_log_traffic_type
  log_destination_type     = "cloud-watch-logs"
  log_destination          = aws_cloudwatch_log_group.flow_logs[0].arn
  iam_role_arn             = aws_iam_role.flow_logs[0].arn
  max_aggregation_interval = var.flow_log_max_aggregation_interval
  tags                     = var.tags

  # The role must be able to write before the first delivery.
  depends_on = [aws_iam_role_policy.flow_logs]
}

################################################################################
# Default security group of every VPC: no rule at all (CIS 5.4). The provider adopts the
# group and revokes every ingress and egress rule; destroy only forgets it.
################################################################################

resource "aws_default_security_group" "this" {
  for_each = var.restrict_default_security_groups ? local.vpc_ids : toset([])

  vpc_id = each.value
  tags   = var.tags
}

################################################################################
# Default network ACL of every VPC: AWS's allow-all rules, and before them a deny of the
# remote administration ports from anywhere (CIS 5.1). The provider adopts the ACL and
# replaces its rules with these; subnets stay where they are (ignore_changes), and
# destroy only forgets the ACL.
################################################################################

locals {
  admin_port_denies = [
    for index, rule in setproduct(["tcp", "udp"], [22, 3389], ["0.0.0.0/0", "::/0"]) : {
      rule_no = 10 + index, protocol = rule[0], port = rule[1],
      ipv4    = rule[2] == "0.0.0.0/0" ? rule[2] : null,
      ipv6    = rule[2] == "::/0" ? rule[2] : null,
    }
  ]
}

data "aws_network_acls" "default" {
  for_each = var.restrict_default_network_acls ? local.vpc_ids : toset([])

  vpc_id = each.value
  filter {
    name   = "default"
    values = ["true"]
  }
}

resource "aws_default_network_acl" "this" {
  for_each = var.restrict_default_network_acls ? local.vpc_ids : toset([])

  default_network_acl_id = one(data.aws_network_acls.default[each.key].ids)
  tags                   = var.tags

  dynamic "ingress" {
    for_each = local.admin_port_denies
    content {
      rule_no         = ingress.value.rule_no
      action          = "deny"
      protocol        = ingress.value.protocol
      from_port       = ingress.value.port
      to_port         = ingress.value.port
      cidr_block      = ingress.value.ipv4
      ipv6_cidr_block = ingress.value.ipv6
    }
  }
  ingress {
    rule_no    = 100
    action     = "allow"
    protocol   = "-1"
    from_port  = 0
    to_port    = 0
    cidr_block = "0.0.0.0/0"
  }
  ingress {
    rule_no         = 101
    action          = "allow"
    protocol        = "-1"
    from_port       = 0
    to_port         = 0
    ipv6_cidr_block = "::/0"
  }
  egress {
    rule_no    = 100
    action     = "allow"
    protocol   = "-1"
    from_port  = 0
    to_port    = 0
    cidr_block = "0.0.0.0/0"
  }
  egress {
    rule_no         = 101
    action          = "allow"
    protocol        = "-1"
    from_port       = 0
    to_port         = 0
    ipv6_cidr_block = "::/0"
  }

  lifecycle {
    ignore_changes = [subnet_ids]
  }
}

################################################################################
# EC2 account-level instance metadata defaults of this region: IMDSv2 required (CIS 5.6)
################################################################################

resource "aws_ec2_instance_metadata_defaults" "this" {
  count = var.manage_instance_metadata_defaults ? 1 : 0

  http_tokens                 = var.instance_metadata_http_tokens
  http_put_response_hop_limit = var.instance_metadata_http_put_response_hop_limit
}
