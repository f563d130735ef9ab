"""Object store on S3 (MinIO in production, SeaweedFS in the tests) through the ``minio`` SDK.

Settings: ``SOHOA_S3_ENDPOINT`` (host:port), ``SOHOA_S3_ACCESS_KEY``, ``SOHOA_S3_SECRET_KEY``, ``SOHOA_S3_BUCKET``
(created when missing), ``SOHOA_S3_SECURE`` (https), ``SOHOA_S3_REGION``. An S3 PUT is atomic by itself: an object
is visible whole or not at all. A server that cannot be reached (refused, reset, timed out, 5xx after retries) is
:class:`StorageUnavailable` (retryable); a missing object is :class:`NotFound`.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from typing import TypeVar

import urllib3
from minio import Minio
from minio.error import MinioException, S3Error
from urllib3.exceptions import HTTPError as Urllib3Error

from models.errors import ConfigError, NotFound, StorageError, StorageUnavailable
from sohoa.settings import Settings
from storage.objects import check_key

T = TypeVar("T")
_MISSING = {"NoSuchKey", "NoSuchObject", "NotFound"}


class S3Store:
    def __init__(
        self,
        endpoint: str,
        access_key: str,
        secret_key: str,
        bucket: str,
        *,
        secure: bool = False,
        region: str = "",
        timeout_s: float = 10.0,
        retries: int = 2,
    ) -> None:
        http = urllib3.PoolManager(
            timeout=urllib3.Timeout(connect=timeout_s, read=3 * timeout_s),
            retries=urllib3.Retry(
                total=retries, backoff_factor=0.2, status_forcelist=[500, 502, 503, 504], allowed_methods=None
            ),
            maxsize=10,
        )
        self.bucket = bucket
        self.client = Minio(
            endpoint,
            access_key=access_key or None,
            secret_key=secret_key or None,
            secure=secure,
            region=region or None,
            http_client=http,
        )
        self._ensure_bucket()

    @classmethod
    def from_settings(cls, settings: Settings) -> S3Store:
        return cls(
            settings.s3_endpoint,
            settings.s3_access_key,
            settings.s3_secret_key,
            settings.s3_bucket,
            secure=settings.s3_secure,
            region=settings.s3_region,
        )

    def _call(self, action: str, fn: Callable[[], T]) -> T:
        try:
            return fn()
        except S3Error as exc:
            if exc.code in _MISSING:
                raise NotFound(f"object ({action})") from None
            if exc.code in {"AccessDenied", "InvalidAccessKeyId", "SignatureDoesNotMatch"}:
                raise StorageError(f"S3 {action}: {exc.code} (check SOHOA_S3_ACCESS_KEY/SECRET_KEY)") from None
            raise StorageUnavailable(f"S3 {action}: {exc.code}") from None
        except (Urllib3Error, OSError, MinioException) as exc:
            raise StorageUnavailable(f"S3 {action}: {type(exc).__name__}") from None
        except ValueError as exc:  # the SDK's own checks: a malformed bucket or object name
            raise ConfigError(f"S3 {action}: {exc}") from None

    def _ensure_bucket(self) -> None:
        def ensure() -> None:
            if not self.client.bucket_exists(bucket_name=self.bucket):
                try:
                    self.client.make_bucket(bucket_name=self.bucket)
                except S3Error as exc:  # another process created it meanwhile
                    if exc.code not in {"BucketAlreadyOwnedByYou", "BucketAlreadyExists"}:
                        raise

        self._call("create bucket", ensure)

    def put(self, key: str, data: bytes) -> None:
        check_key(key)
        self._call(
            "put",
            lambda: self.client.put_object(
                bucket_name=self.bucket, object_name=key, data=io.BytesIO(data), length=len(data)
            ),
        )

    def get(self, key: str) -> bytes:
        check_key(key)

        def read() -> bytes:
            response = self.client.get_object(bucket_name=self.bucket, object_name=key)
            try:
                return bytes(response.read())
            finally:
                response.close()
                response.release_conn()

        return self._call("get", read)

    def exists(self, key: str) -> bool:
        check_key(key)
        try:
            self._call("stat", lambda: self.client.stat_object(bucket_name=self.bucket, object_name=key))
        except NotFound:
            return False
        return True

    def delete(self, key: str) -> None:
        check_key(key)
        self._call("delete", lambda: self.client.remove_object(bucket_name=self.bucket, object_name=key))

    def list(self, prefix: str = "") -> Iterator[str]:
        def names() -> list[str]:
            objects = self.client.list_objects(bucket_name=self.bucket, prefix=prefix or None, recursive=True)
            return sorted(o.object_name for o in objects if o.object_name and not o.is_dir)

        return iter(self._call("list", names))
