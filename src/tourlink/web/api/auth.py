"""``/api/v1/auth``: exchange an email and password for a bearer token; who am I."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from ..auth import TOKEN_TTL
from ..deps import PrincipalDep, ServicesDep, SignerDep
from .schemas import ProblemOut, TokenIn, TokenOut

router = APIRouter(prefix="/auth", tags=["Authentication"])


@router.post(
    "/token",
    response_model=TokenOut,
    summary="Get a bearer token",
    responses={401: {"model": ProblemOut, "description": "Wrong email or password."}},
)
def issue_token(body: TokenIn, services: ServicesDep, signer: SignerDep) -> TokenOut:
    """Send ``{"email": ..., "password": ...}``; use the answer's ``access_token`` as
    ``Authorization: Bearer <token>`` until it expires (``expires_in`` seconds)."""
    user = services.accounts.authenticate(body.email, body.password)
    return TokenOut(
        access_token=signer.issue(user),
        expires_in=int(TOKEN_TTL.total_seconds()),
        role=user.role.value,
    )


@router.get("/me", summary="Who the credentials belong to")
def whoami(principal: PrincipalDep) -> dict[str, Any]:
    return {
        "authenticated": principal.is_authenticated,
        "role": principal.role.value,
        "name": principal.name,
    }
