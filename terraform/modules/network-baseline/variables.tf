variable "name_prefix" {
  description = "Prefix of the names this module creates: the flow-log group (/aws/vpc-flow-logs/<prefix>), its KMS alias and the flow-logs IAM role (<prefix>-vpc-flow-logs-<region>)."
  type        = string
  default     = "governance"

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9-]{0,18}[a-z0-9]$", var.name_prefix))
    error_message = "name_prefix must be 2-20 characters of lower-case letters, digits and hyphens, starting and ending with a letter or digit (it becomes part of IAM role, log group and KMS alias names)."
  }
}

variable "tags" {
  description = "Tags applied to every taggable resource (KMS key, log group, IAM role, flow logs, default security groups)."
  type        = map(string)
  default     = {}
}

################################################################################
# VPC flow logs (CIS 3.7)
################################################################################

variable "enable_flow_logs" {
  description = "Create a flow log for every VPC of this region (CIS 3.7), delivered to a KMS-encrypted CloudWatch Logs group. false is NOT compliant; it exists for accounts whose flow logs another stack already owns."
  type        = bool
  default     = true
}

variable "vpc_ids" {
  description = "VPCs to govern (flow log and default security group). null (default): every VPC the region holds when Terraform plans, the default VPC included; VPCs created later are covered at the next apply."
  type        = list(string)
  default     = null

  validation {
    condition     = var.vpc_ids == null || alltrue([for id in coalesce(var.vpc_ids, []) : can(regex("^vpc-[0-9a-f]{8,17}$", id))])
    error_message = "vpc_ids entries must be VPC ids (vpc- followed by 8 or 17 hexadecimal digits), or leave vpc_ids null to govern every VPC of the region."
  }
}

variable "flow_log_traffic_type" {
  description = "Traffic the flow logs record: ALL (default: accepted and rejected, what an investigation needs) or REJECT (the CIS 3.7 minimum)."
  type        = string
  default     = "ALL"

  validation {
    condition     = contains(["ALL", "REJECT"], var.flow_log_traffic_type)
    error_message = "flow_log_traffic_type must be ALL or REJECT: CIS 3.7 requires flow logs to record at least rejected traffic, so ACCEPT alone is not allowed."
  }
}

variable "flow_log_retention_days" {
  description = "Retention of the flow-log CloudWatch Logs group: 0 (never expire) or a CloudWatch value of at least 365."
  type        = number
  default     = 365

  validation {
    condition     = contains([0, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.flow_log_retention_days)
    error_message = "flow_log_retention_days must be 0 (never expire) or a CloudWatch Logs retention value of at least 365 (365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653): network evidence must be kept for at least a year, like the other audit logs."
  }
}

variable "flow_log_max_aggregation_interval" {
  description = "Seconds a flow is aggregated into one record: 600 (default) or 60 (finer, more records)."
  type        = number
  default     = 600

  validation {
    condition     = contains([60, 600], var.flow_log_max_aggregation_interval)
    error_message = "flow_log_max_aggregation_interval must be 60 or 600 seconds (the only values VPC Flow Logs accepts)."
  }
}

variable "kms_key_deletion_window_in_days" {
  description = "Deletion window (7-30 days) of the KMS key that encrypts the flow-log group."
  type        = number
  default     = 30

  validation {
    condition     = var.kms_key_deletion_window_in_days >= 7 && var.kms_key_deletion_window_in_days <= 30
    error_message = "kms_key_deletion_window_in_days must be between 7 and 30 (the KMS limits); keep 30 so a mistaken deletion of the key that protects the flow logs can be cancelled."
  }
}

################################################################################
# Default security groups (CIS 5.4)
################################################################################

variable "restrict_default_security_groups" {
  description = "Adopt the default security group of every governed VPC and remove all its ingress and egress rules (CIS 5.4). false is NOT compliant."
  type        = bool
  default     = true

  validation {
    condition     = var.restrict_default_security_groups == true
    error_message = "restrict_default_security_groups must be true: CIS 5.4 requires the default security group of every VPC to restrict all traffic, otherwise resources launched without a security group are reachable."
  }
}

variable "restrict_default_network_acls" {
  description = "Adopt the default network ACL of every governed VPC with AWS's default rules (allow all) plus, numbered before them, a deny of remote administration ports (TCP and UDP 22 and 3389) from 0.0.0.0/0 and ::/0 (CIS 5.1). false is NOT compliant: AWS's default ACL lets those ports in from anywhere."
  type        = bool
  default     = true

  validation {
    condition     = var.restrict_default_network_acls == true
    error_message = "restrict_default_network_acls must be true: CIS 5.1 requires that no network ACL allows ingress from 0.0.0.0/0 to remote server administration ports (22, 3389), and AWS's default ACL allows it."
  }
}

################################################################################
# EC2 instance metadata defaults (CIS 5.6)
################################################################################

variable "manage_instance_metadata_defaults" {
  description = "Set this region's EC2 account-level instance metadata defaults (aws_ec2_instance_metadata_defaults) so new instances require IMDSv2 (CIS 5.6). false is NOT compliant; it exists for accounts whose defaults are set elsewhere (e.g. a declarative policy)."
  type        = bool
  default     = true
}

variable "instance_metadata_http_tokens" {
  description = "Account default of HttpTokens for new instances in this region: required (IMDSv2 only)."
  type        = string
  default     = "required"

  validation {
    condition     = var.instance_metadata_http_tokens == "required"
    error_message = "instance_metadata_http_tokens must be required: CIS 5.6 requires IMDSv2 (session tokens); optional or no-preference lets new instances answer IMDSv1 requests, which SSRF flaws turn into credential theft."
  }
}

variable "instance_metadata_http_put_response_hop_limit" {
  description = "Account default of the IMDS PUT response hop limit for new instances: 1-64, or -1 for no preference. 2 (default) lets containers on the instance reach IMDSv2."
  type        = number
  default     = 2

  validation {
    condition     = var.instance_metadata_http_put_response_hop_limit == -1 || (var.instance_metadata_http_put_response_hop_limit >= 1 && var.instance_metadata_http_put_response_hop_limit <= 64)
    error_message = "instance_metadata_http_put_response_hop_limit must be between 1 and 64 (EC2 limits), or -1 for no preference."
  }
}
