"""Use cases: what visitors, operators and admins do, written against the domain's ports."""
