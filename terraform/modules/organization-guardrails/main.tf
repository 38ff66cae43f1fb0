# Service control policies of the organization, one aws_organizations_policy per guardrail
# (the contract table in README.md), plus the organization trail, the delegated
# administrators, centralized root access and the Organizations delegation policy.

data "aws_organizations_organization" "this" {
  count = var.target_ids == null ? 1 : 0
}

locals {
  p = var.protected_name_prefix

  # Global services exempt from the region allowlist (AWS's own example SCP).
  global_service_actions = [
    "a4b:*", "acm:*", "aws-marketplace-management:*", "aws-marketplace:*", "aws-portal:*",
    "budgets:*", "ce:*", "chime:*", "cloudfront:*", "config:*", "cur:*", "directconnect:*",
    "ec2:DescribeRegions", "ec2:DescribeTransitGateways", "ec2:DescribeVpnGateways", "fms:*",
    "globalaccelerator:*", "health:*", "iam:*", "importexport:*", "kms:*", "mobileanalytics:*",
    "networkmanager:*", "organizations:*", "pricing:*", "route53:*", "route53domains:*",
    "route53-recovery-cluster:*", "route53-recovery-control-config:*",
    "route53-recovery-readiness:*", "s3:GetAccountPublic*", "s3:ListAllMyBuckets",
    "s3:ListMultiRegionAccessPoints", "s3:PutAccountPublic*", "shield:*", "sts:*", "support:*",
    "trustedadvisor:*", "waf-regional:*", "waf:*", "wafv2:*", "wellarchitected:*",
  ]

  no_conditions = []

  # guardrail id => its Deny statements. Every statement but deny-root-user's exempts
  # exempt_principal_arns (ArnNotLike aws:PrincipalARN), added below.
  guardrails = {
    "deny-leave-organization" = [{
      sid        = "DenyLeaveOrganization", exempt = true, not_actions = null, resources = ["*"],
      actions    = ["organizations:LeaveOrganization"],
      conditions = local.no_conditions
    }]
    "protect-cloudtrail" = [{
      sid        = "ProtectCloudTrail", exempt = true, not_actions = null, resources = ["*"],
      actions    = ["cloudtrail:StopLogging", "cloudtrail:DeleteTrail", "cloudtrail:UpdateTrail", "cloudtrail:PutEventSelectors"],
      conditions = local.no_conditions
    }]
    "deny-regions-outside-allowlist" = [{
      sid         = "DenyRegionsOutsideAllowlist", exempt = true, actions = null, resources = ["*"],
      not_actions = local.global_service_actions,
      conditions  = [{ test = "StringNotEquals", variable = "aws:RequestedRegion", values = var.allowed_regions }]
    }]
    "deny-root-user" = [{
      sid     = "DenyRootUser", exempt = false, not_actions = null, resources = ["*"],
      actions = ["*"],
      conditions = concat(
        [{ test = "ArnLike", variable = "aws:PrincipalArn", values = ["arn:aws:iam::*:root"] }],
        length(var.root_exempt_account_ids) > 0 ? [{ test = "StringNotEquals", variable = "aws:PrincipalAccount", values = var.root_exempt_account_ids }] : [],
      )
    }]
    "protect-config" = [{
      sid        = "ProtectConfig", exempt = true, not_actions = null, resources = ["*"],
      actions    = ["config:DeleteConfigurationRecorder", "config:StopConfigurationRecorder", "config:DeleteDeliveryChannel", "config:PutConfigurationRecorder", "config:PutDeliveryChannel"],
      conditions = local.no_conditions
    }]
    "deny-region-opt-in-changes" = [{
      sid        = "DenyRegionOptInChanges", exempt = true, not_actions = null, resources = ["*"],
      actions    = ["account:EnableRegion", "account:DisableRegion"],
      conditions = local.no_conditions
    }]
    "protect-security-services" = [{
      sid = "ProtectSecurityServices", exempt = true, not_actions = null, resources = ["*"],
      actions = [
        "guardduty:DeleteDetector", "guardduty:DisassociateFromMasterAccount", "guardduty:DisassociateFromAdministratorAccount", "guardduty:UpdateDetector",
        "securityhub:DisableSecurityHub", "securityhub:DisassociateFromAdministratorAccount", "securityhub:BatchDisableStandards",
        "access-analyzer:DeleteAnalyzer",
      ]
      conditions = local.no_conditions
    }]
    "protect-account-security-settings" = [{
      sid        = "ProtectAccountSecuritySettings", exempt = true, not_actions = null, resources = ["*"],
      actions    = ["ec2:DisableEbsEncryptionByDefault", "s3:PutAccountPublicAccessBlock"],
      conditions = local.no_conditions
    }]
    "protect-alarm-chain" = [
      {
        sid       = "ProtectAlarmLogGroups", exempt = true, not_actions = null, conditions = local.no_conditions,
        actions   = ["logs:DeleteMetricFilter", "logs:DeleteLogGroup"],
        resources = ["arn:aws:logs:*:*:log-group:${local.p}*"]
      },
      {
        sid       = "ProtectAlarms", exempt = true, not_actions = null, conditions = local.no_conditions,
        actions   = ["cloudwatch:DeleteAlarms", "cloudwatch:DisableAlarmActions"],
        resources = ["arn:aws:cloudwatch:*:*:alarm:${local.p}*"]
      },
      {
        sid       = "ProtectAlarmTopics", exempt = true, not_actions = null, conditions = local.no_conditions,
        actions   = ["sns:DeleteTopic"],
        resources = ["arn:aws:sns:*:*:${local.p}*"]
      },
      {
        sid       = "ProtectAlarmRules", exempt = true, not_actions = null, conditions = local.no_conditions,
        actions   = ["events:DeleteRule", "events:DisableRule", "events:RemoveTargets"],
        resources = ["arn:aws:events:*:*:rule/${local.p}*"]
      },
    ]
    "protect-log-storage" = [
      {
        sid       = "ProtectLogBuckets", exempt = true, not_actions = null, conditions = local.no_conditions,
        actions   = ["s3:DeleteBucket", "s3:PutBucketPolicy", "s3:DeleteBucketPolicy", "s3:PutLifecycleConfiguration"],
        resources = ["arn:aws:s3:::${local.p}*"]
      },
      {
        sid        = "ProtectLogKeys", exempt = true, not_actions = null, resources = ["*"],
        actions    = ["kms:ScheduleKeyDeletion", "kms:DisableKey", "kms:PutKeyPolicy"],
        conditions = [{ test = "ForAnyValue:StringLike", variable = "kms:ResourceAliases", values = ["alias/${local.p}*"] }]
      },
    ]
    "deny-iam-user-creation" = [{
      sid        = "DenyIamUserCreation", exempt = true, not_actions = null, resources = ["*"],
      actions    = ["iam:CreateUser", "iam:CreateAccessKey", "iam:CreateLoginProfile"],
      conditions = local.no_conditions
    }]
    "require-imdsv2" = [
      {
        sid        = "RequireImdsv2OnRunInstances", exempt = true, not_actions = null,
        actions    = ["ec2:RunInstances"],
        resources  = ["arn:aws:ec2:*:*:instance/*"],
        conditions = [{ test = "StringNotEquals", variable = "ec2:MetadataHttpTokens", values = ["required"] }]
      },
      {
        sid        = "DenyMetadataOptionChanges", exempt = true, not_actions = null, resources = ["*"],
        actions    = ["ec2:ModifyInstanceMetadataOptions"],
        conditions = local.no_conditions
      },
    ]
  }

  enabled = {
    "deny-leave-organization"           = var.enable_deny_leave_organization
    "protect-cloudtrail"                = var.enable_protect_cloudtrail
    "deny-regions-outside-allowlist"    = var.enable_deny_regions_outside_allowlist
    "deny-root-user"                    = var.enable_deny_root_user
    "protect-config"                    = var.enable_protect_config
    "deny-region-opt-in-changes"        = var.enable_deny_region_opt_in_changes
    "protect-security-services"         = var.enable_protect_security_services
    "protect-account-security-settings" = var.enable_protect_account_security_settings
    "protect-alarm-chain"               = var.enable_protect_alarm_chain
    "protect-log-storage"               = var.enable_protect_log_storage
    "deny-iam-user-creation"            = var.enable_deny_iam_user_creation
    "require-imdsv2"                    = var.enable_require_imdsv2
  }

  exemption = { test = "ArnNotLike", variable = "aws:PrincipalARN", values = var.exempt_principal_arns }

  target_ids = var.target_ids != null ? var.target_ids : { root = data.aws_organizations_organization.this[0].roots[0].id }
  active     = toset([for id, on in local.enabled : id if on])
  # Keys from the guardrail ids and target labels only: target ids may be unknown at plan.
  attachments = merge([
    for guardrail in sort(local.active) : {
      for label, target_id in local.target_ids : "${guardrail}/${label}" => {
        guardrail = guardrail
        target_id = target_id
      }
    }
  ]...)
  scp_size_limit = 5120
}

data "aws_iam_policy_document" "guardrail" {
  for_each = local.guardrails

  dynamic "statement" {
    for_each = each.value

    content {
      sid         = statement.value.sid
      effect      = "Deny"
      actions     = statement.value.actions
      not_actions = statement.value.not_actions
      resources   = statement.value.resources

      dynamic "condition" {
        for_each = concat(statement.value.conditions, statement.value.exempt ? [local.exemption] : [])

        content {
          test     = condition.value.test
          variable = condition.value.variable
          values   = condition.value.values
        }
      }
    }
  }
}

resource "aws_organizations_policy" "guardrail" {
  for_each = local.active

  name        = "${var.name_prefix}-${each.key}"
  description = "Governance baseline guardrail ${each.key} (organization-guardrails module)."
  type        = "SERVICE_CONTROL_POLICY"
  content     = data.aws_iam_policy_document.guardrail[each.key].minified_json
  tags        = var.tags

  lifecycle {
    precondition {
      condition     = length(data.aws_iam_policy_document.guardrail[each.key].minified_json) <= local.scp_size_limit
      error_message = "SCP ${var.name_prefix}-${each.key} is ${length(data.aws_iam_policy_document.guardrail[each.key].minified_json)} characters, over the ${local.scp_size_limit}-character limit of a service control policy: shorten exempt_principal_arns (use wildcards) or allowed_regions."
    }

    # Also orders the policy after its targets (the organization, with SCPs enabled, when
    # it is made in the same apply) without deferring the size check above to apply.
    precondition {
      condition     = alltrue([for id in values(local.target_ids) : length(id) > 0])
      error_message = "Every SCP target id must be set."
    }
  }
}

resource "aws_organizations_policy_attachment" "guardrail" {
  for_each = local.attachments

  policy_id = aws_organizations_policy.guardrail[each.value.guardrail].id
  target_id = each.value.target_id
}

# --- Organization trail (management account) ---

module "organization_trail" {
  source = "../audit-trail"
  count  = var.enable_organization_trail ? 1 : 0

  name_prefix           = "${var.name_prefix}-org"
  tags                  = var.tags
  s3_bucket_name        = var.organization_trail_s3_bucket_name
  kms_key_arn           = var.organization_trail_kms_key_arn
  is_organization_trail = true
}

# --- Delegated administrators in the audit account ---

locals {
  admin    = var.delegated_administrators
  delegate = local.admin != null
  # The organization's trusted-access principals, when the caller hands them over.
  trusted_access_known = var.organization_service_access_principals != null
}

resource "aws_guardduty_organization_admin_account" "this" {
  count = local.delegate && try(local.admin.guardduty, false) ? 1 : 0

  admin_account_id = local.admin.account_id
}

resource "aws_securityhub_organization_admin_account" "this" {
  count = local.delegate && try(local.admin.security_hub, false) ? 1 : 0

  admin_account_id = local.admin.account_id
}

resource "aws_organizations_delegated_administrator" "access_analyzer" {
  count = local.delegate && try(local.admin.access_analyzer, false) ? 1 : 0

  account_id        = local.admin.account_id
  service_principal = "access-analyzer.amazonaws.com"
}

resource "aws_cloudtrail_organization_delegated_admin_account" "this" {
  count = local.delegate && try(local.admin.cloudtrail, false) ? 1 : 0

  account_id = local.admin.account_id

  lifecycle {
    precondition {
      condition     = local.trusted_access_known ? contains(var.organization_service_access_principals, "cloudtrail.amazonaws.com") : true
      error_message = "delegated_administrators.cloudtrail needs cloudtrail.amazonaws.com in the organization's aws_service_access_principals (organization_service_access_principals)."
    }
  }
}

resource "aws_organizations_delegated_administrator" "iam" {
  count = local.delegate && try(local.admin.iam_root_access, false) ? 1 : 0

  account_id        = local.admin.account_id
  service_principal = "iam.amazonaws.com"

  lifecycle {
    precondition {
      condition     = local.trusted_access_known ? contains(var.organization_service_access_principals, "iam.amazonaws.com") : true
      error_message = "delegated_administrators.iam_root_access needs iam.amazonaws.com in the organization's aws_service_access_principals (organization_service_access_principals)."
    }
  }
}

resource "aws_organizations_delegated_administrator" "identity_center" {
  count = local.delegate && try(local.admin.identity_center, false) ? 1 : 0

  account_id        = local.admin.account_id
  service_principal = "sso.amazonaws.com"

  lifecycle {
    precondition {
      condition     = local.trusted_access_known ? contains(var.organization_service_access_principals, "sso.amazonaws.com") : true
      error_message = "delegated_administrators.identity_center needs sso.amazonaws.com in the organization's aws_service_access_principals (organization_service_access_principals)."
    }
  }
}

# The organization analyzer (CIS v6.0.0 2.19 / v7.0.0 2.18) in the Access Analyzer delegated
# administrator, this provider's region; other governed regions: access_analyzer_type =
# "ORGANIZATION" on that account's regional-guardrails calls.
resource "aws_accessanalyzer_analyzer" "organization" {
  count    = local.delegate && try(local.admin.access_analyzer, false) && try(local.admin.organization_access_analyzer, false) ? 1 : 0
  provider = aws.audit

  analyzer_name = "${var.name_prefix}-organization-analyzer"
  type          = "ORGANIZATION"
  tags          = var.tags

  depends_on = [aws_organizations_delegated_administrator.access_analyzer]
}

resource "aws_organizations_delegated_administrator" "config" {
  for_each = local.delegate && try(local.admin.config_aggregator, false) ? toset(local.admin.config_service_principals) : toset([])

  account_id        = local.admin.account_id
  service_principal = each.key
}

data "aws_iam_policy_document" "config_aggregator_trust" {
  statement {
    sid     = "ConfigAssumesAggregatorRole"
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["config.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "config_aggregator" {
  count    = local.delegate && try(local.admin.config_aggregator, false) ? 1 : 0
  provider = aws.audit

  name               = "${var.name_prefix}-config-aggregator"
  description        = "Lets AWS Config read the organization for the organization aggregator."
  assume_role_policy = data.aws_iam_policy_document.config_aggregator_trust.json
  tags               = var.tags
}

resource "aws_iam_role_policy_attachment" "config_aggregator" {
  count    = local.delegate && try(local.admin.config_aggregator, false) ? 1 : 0
  provider = aws.audit

  role       = aws_iam_role.config_aggregator[0].name
  policy_arn = "arn:aws:iam::aws:policy/service-role/AWSConfigRoleForOrganizations"
}

resource "aws_config_configuration_aggregator" "organization" {
  count    = local.delegate && try(local.admin.config_aggregator, false) ? 1 : 0
  provider = aws.audit

  name = "${var.name_prefix}-organization"
  tags = var.tags

  organization_aggregation_source {
    all_regions = true
    role_arn    = aws_iam_role.config_aggregator[0].arn
  }

  depends_on = [aws_iam_role_policy_attachment.config_aggregator, aws_organizations_delegated_administrator.config]
}

# --- Centralized root access (CIS v7.0.0 2.1.1) ---

resource "aws_iam_organizations_features" "this" {
  count = length(var.root_access_features) > 0 ? 1 : 0

  enabled_features = var.root_access_features

  lifecycle {
    # Also orders the features after the organization's trusted access for IAM when the
    # caller passes aws_organizations_organization.aws_service_access_principals.
    precondition {
      condition     = local.trusted_access_known ? contains(var.organization_service_access_principals, "iam.amazonaws.com") : true
      error_message = "root_access_features needs trusted access for IAM: add iam.amazonaws.com to the organization's aws_service_access_principals (organization_service_access_principals)."
    }
  }
}

# --- Delegated administrator for AWS Organizations policies (CIS v7.0.0 2.1.5) ---

data "aws_caller_identity" "current" {}

data "aws_partition" "current" {}

locals {
  policy_delegate = var.policy_management_delegate
  delegation_arn  = "arn:${data.aws_partition.current.partition}:organizations::${data.aws_caller_identity.current.account_id}"
}

data "aws_iam_policy_document" "policy_delegation" {
  count = local.policy_delegate != null ? 1 : 0

  # Organizations read actions that take no resource (Resource "*" is the only value they
  # accept), so the delegate can navigate the organization.
  statement {
    sid = "NavigateTheOrganization"
    actions = [
      "organizations:DescribeOrganization",
      "organizations:ListAccounts",
      "organizations:ListAWSServiceAccessForOrganization",
      "organizations:ListDelegatedAdministrators",
      "organizations:ListPolicies",
      "organizations:ListRoots",
    ]
    resources = ["*"]

    principals {
      type        = "AWS"
      identifiers = ["arn:${data.aws_partition.current.partition}:iam::${local.policy_delegate.account_id}:root"]
    }
  }

  statement {
    sid = "ReadTheOrganizationsStructure"
    actions = [
      "organizations:DescribeAccount",
      "organizations:DescribeEffectivePolicy",
      "organizations:DescribeOrganizationalUnit",
      "organizations:ListAccountsForParent",
      "organizations:ListChildren",
      "organizations:ListOrganizationalUnitsForParent",
      "organizations:ListParents",
      "organizations:ListPoliciesForTarget",
      "organizations:ListTagsForResource",
    ]
    resources = [
      "${local.delegation_arn}:root/*",
      "${local.delegation_arn}:ou/*",
      "${local.delegation_arn}:account/*",
    ]

    principals {
      type        = "AWS"
      identifiers = ["arn:${data.aws_partition.current.partition}:iam::${local.policy_delegate.account_id}:root"]
    }
  }

  # Only the delegated policy types, only this organization's policies and targets.
  statement {
    sid = "ManageDelegatedPolicyTypes"
    actions = [
      "organizations:AttachPolicy",
      "organizations:CreatePolicy",
      "organizations:DeletePolicy",
      "organizations:DescribePolicy",
      "organizations:DetachPolicy",
      "organizations:ListTargetsForPolicy",
      "organizations:UpdatePolicy",
    ]
    resources = concat(
      [for type in local.policy_delegate.policy_types : "${local.delegation_arn}:policy/*/${lower(type)}/*"],
      ["${local.delegation_arn}:root/*", "${local.delegation_arn}:ou/*", "${local.delegation_arn}:account/*"],
    )

    principals {
      type        = "AWS"
      identifiers = ["arn:${data.aws_partition.current.partition}:iam::${local.policy_delegate.account_id}:root"]
    }

    condition {
      test     = "StringEquals"
      variable = "organizations:PolicyType"
      values   = local.policy_delegate.policy_types
    }
  }
}

resource "aws_organizations_resource_policy" "delegation" {
  count = local.policy_delegate != null ? 1 : 0

  content = data.aws_iam_policy_document.policy_delegation[0].minified_json
  tags    = var.tags

  lifecycle {
    precondition {
      condition     = local.policy_delegate.account_id != data.aws_caller_identity.current.account_id
      error_message = "policy_management_delegate.account_id is the management account: CIS 2.1.5 asks for a member account (a governance or security account) to manage Organizations policies."
    }
  }
}
