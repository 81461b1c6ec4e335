# The sweep's API branch imports accounts.api.issue_token, which the foundation does not provide yet;
# these routes are swept by unionsw/assessment/tests/test_api.py with a token made directly.
EXEMPT = {
    "api:assessment_lots": "swept in assessment/tests/test_api.py (issue_token missing from accounts.api)",
    "api:assessment_score": "swept in assessment/tests/test_api.py (issue_token missing from accounts.api)",
}
