"""UCloud UCDN: signing, client, error mapping."""

from .client import BANDWIDTH_UNIT_BPS, DATA_DELAY, DEFAULT_ENDPOINT, UCloudClient
from .signing import sign

__all__ = ["BANDWIDTH_UNIT_BPS", "DATA_DELAY", "DEFAULT_ENDPOINT", "UCloudClient", "sign"]
