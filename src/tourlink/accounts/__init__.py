"""Who may do what: users with roles, and API keys for machine clients (pure domain)."""

from .memory import MemoryAccountStore as MemoryAccountStore
from .models import ApiKey as ApiKey
from .models import Principal as Principal
from .models import Role as Role
from .models import User as User
from .ports import AccountStore as AccountStore

__all__ = ["AccountStore", "ApiKey", "MemoryAccountStore", "Principal", "Role", "User"]
