"""Seed a moto sandbox account with boto3, by control area: the seeded test tier, the apply
tier's drifts and the benchmarks all make their accounts with these functions.

One module per area, named as the seeded tests that use it (tests/seeded/test_<area>_controls.py):

- ``iam``: password policy, groups with the MFA policy, users, admin roles, customer policies.
- ``identity``: root user state, alternate contacts, credentials, roles and their trust,
  Identity Center permission sets, account guardrails (public access blocks, Security Hub).
- ``logging_stack``: the logging and monitoring stack the baseline modules build, or one part
  of it broken (``Break``).
- ``storage_network``: buckets, RDS, EFS, the default VPC, security groups, instances.
- ``frontends``: CloudFront, load balancers, API Gateway stages, VPC endpoints.
- ``resource_policies``: resource policies (S3, SQS, SNS, Lambda, KMS, secrets).
- ``access_analyzer``: IAM Access Analyzer analyzers (answered by the harness: moto has none).
- ``organization``: an organization with its guardrail SCPs and delegated services, or one
  part of it broken; a member account reached through its member role.
- ``leftovers``: sandbox accounts watched like the ones Terraform applies to.

Every flag that picks a variant is checked (an Enum, or a value checked against its list), so
a misspelt variant fails at once instead of seeding the compliant state. Nothing here imports
a test module.
"""
