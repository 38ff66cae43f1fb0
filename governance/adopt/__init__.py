"""``python -m governance adopt``: bring an existing account's singletons under the baseline.

Read-only. For each resource the baseline would create and AWS allows only once (a Config
recorder per region, a GuardDuty detector, Security Hub, the password policy, ...), the
adoption reads what the account already holds and decides (governance.adopt.decide):

* import: an ``import {}`` block at the baseline's address, with the id AWS knows it by;
* reuse: import, and a root variable that keeps the customer's name (a recorder called
  ``default``, the account alias), since a rename would be a delete and a create;
* untouched: the customer's or the organization's own resource that the baseline neither
  owns nor duplicates (a customer trail, an organization trail of the management account,
  Security Hub standards the baseline does not subscribe): listed, never imported;
* refuse: the baseline cannot converge (Control Tower's recorder): exit 2 before anything;
* create: nothing exists (or AWS has nothing to import, e.g. IMDS defaults: overwritten).

It writes ``adopt.tf`` and ``adopt.auto.tfvars`` into the root module, plans the adopted
configuration (``terraform plan`` then ``show -json``: the plan is read-only) and turns the
plan into the change report (governance.adopt.changes): every customer setting the apply
would change, before -> after, with the controls it serves; a change that weakens a setting
is flagged and blocks the apply (a failing precondition in adopt.tf) until accepted with
``--accept-weakening ITEM``. ``offboard.tf`` (removed blocks, destroy = false) is written
beside the report: offboarding leaves the adopted singletons in place.
"""
