"""What a Celery task retries: a database or broker that is briefly away.

Shared by every domain's tasks (``autoretry_for=TRANSIENT``), so none imports another's.
"""

from django.db import InterfaceError, OperationalError
from kombu.exceptions import OperationalError as BrokerError
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

# Try again later, further apart each time.
TRANSIENT = (OperationalError, InterfaceError, BrokerError, RedisConnectionError, RedisTimeoutError)
