"""One error hierarchy with the contract's stable codes.

Core code raises these; the edges turn them into exit codes (CLI), HTTP statuses (API) or recorded failures
(flows). ``message`` is the human sentence the contract asks for: Vietnamese, then English.
"""

from __future__ import annotations

from typing import ClassVar


class SohoaError(Exception):
    """Base class. ``code`` is stable and part of the contract; ``deterministic`` says a retry cannot help."""

    code: ClassVar[str] = "internal_error"
    message_vi: ClassVar[str] = "Lỗi nội bộ."
    message_en: ClassVar[str] = "Internal error."
    deterministic: ClassVar[bool] = True

    def __init__(self, detail: str | None = None) -> None:
        self.detail = detail
        super().__init__(self.message)

    @property
    def message(self) -> str:
        text = f"{self.message_vi} / {self.message_en}"
        return f"{text} ({self.detail})" if self.detail else text

    def to_dict(self) -> dict[str, str]:
        return {"code": self.code, "message": self.message}


class InputError(SohoaError):
    """The input cannot be processed; the caller must send something else."""


class EmptyFile(InputError):
    code = "empty_file"
    message_vi = "Tệp rỗng."
    message_en = "The file is empty."


class UnsupportedFormat(InputError):
    code = "unsupported_format"
    message_vi = "Định dạng tệp không được hỗ trợ (chỉ nhận JPEG, PNG, TIFF, WebP, BMP, PDF)."
    message_en = "Unsupported file format (JPEG, PNG, TIFF, WebP, BMP and PDF are accepted)."


class UnreadableImage(InputError):
    code = "unreadable_image"
    message_vi = "Không đọc được ảnh (tệp hỏng hoặc không đầy đủ)."
    message_en = "The image cannot be read (corrupt or truncated file)."


class TooLarge(InputError):
    code = "too_large"
    message_vi = "Tệp hoặc ảnh quá lớn."
    message_en = "The file or image is too large."


class TooSmall(InputError):
    code = "image_too_small"
    message_vi = "Ảnh quá nhỏ để đọc được, vui lòng chụp lại gần hơn."
    message_en = "The image is too small to read; please take it again, closer."


class EncryptedPdf(InputError):
    code = "encrypted_pdf"
    message_vi = "Tệp PDF được mã hóa hoặc đặt mật khẩu."
    message_en = "The PDF is encrypted or password-protected."


class TooManyPages(InputError):
    code = "too_many_pages"
    message_vi = "Tệp có quá nhiều trang."
    message_en = "The file has too many pages."


class NoDocumentFound(InputError):
    code = "no_document_found"
    message_vi = "Không tìm thấy giấy tờ trong ảnh, vui lòng chụp lại."
    message_en = "No document was found in the image; please take it again."


class NoMrzFound(InputError):
    code = "no_mrz_found"
    message_vi = "Không tìm thấy vùng MRZ."
    message_en = "No machine-readable zone was found."


class FileNotFound(InputError):
    code = "file_not_found"
    message_vi = "Không tìm thấy tệp."
    message_en = "The file does not exist or cannot be opened."


class OcrError(SohoaError):
    """Tesseract failed for a reason that is not the input's fault (missing language, crash)."""

    code = "ocr_failed"
    message_vi = "Lỗi nhận dạng ký tự (OCR)."
    message_en = "Text recognition (OCR) failed."


class OcrTimeout(OcrError):
    code = "ocr_timeout"
    message_vi = "Nhận dạng ký tự quá thời gian cho phép."
    message_en = "Text recognition timed out."
    deterministic = False


class TemplateError(SohoaError):
    code = "template_invalid"
    message_vi = "Mẫu giấy tờ không hợp lệ."
    message_en = "A document template is invalid."


class ConfigError(SohoaError):
    code = "config_invalid"
    message_vi = "Cấu hình không hợp lệ."
    message_en = "Invalid configuration."


class StorageError(SohoaError):
    """Storage (object store, database, keys) failed; the input itself is not at fault."""

    code = "storage_error"
    message_vi = "Lỗi lưu trữ."
    message_en = "Storage error."


class StorageUnavailable(StorageError):
    """The object store or the database cannot be reached; a later retry may succeed."""

    code = "storage_unavailable"
    message_vi = "Không kết nối được kho lưu trữ."
    message_en = "The storage service cannot be reached."
    deterministic = False


class StorageKeyError(StorageError):
    """An object cannot be decrypted: wrong or unknown key, or the object was altered or moved."""

    code = "storage_key_error"
    message_vi = "Không giải mã được dữ liệu lưu trữ (sai khóa, thiếu khóa, hoặc dữ liệu bị thay đổi)."
    message_en = "Stored data cannot be decrypted (wrong or missing key, or the data was altered)."


class NotFound(StorageError):
    code = "not_found"
    message_vi = "Không tìm thấy."
    message_en = "Not found."


class Conflict(StorageError):
    """Someone else changed the record since it was read (optimistic locking); reload and try again."""

    code = "conflict"
    message_vi = "Dữ liệu đã được người khác thay đổi, vui lòng tải lại."
    message_en = "The record was changed by someone else; reload and try again."


class InvalidRequest(StorageError):
    """A request to the store names something malformed (an ID number that is not 9 or 12 digits, an unknown field)."""

    code = "invalid_request"
    message_vi = "Yêu cầu không hợp lệ."
    message_en = "Invalid request."


class AccessError(SohoaError):
    """The caller may not do this (the HTTP edge answers 401 or 403)."""

    code = "forbidden"
    message_vi = "Không có quyền thực hiện thao tác này."
    message_en = "You are not allowed to do this."


class Unauthenticated(AccessError):
    code = "unauthenticated"
    message_vi = "Cần khóa API hoặc đăng nhập."
    message_en = "An API key or a signed-in session is required."


class Busy(SohoaError):
    """Every worker is busy and the waiting queue is full; retry later (the HTTP edge answers 429)."""

    code = "busy"
    message_vi = "Hệ thống đang bận, vui lòng thử lại sau."
    message_en = "The service is busy; please retry later."
    deterministic = False
