package web

import (
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"

	"github.com/gin-gonic/gin"

	"huhang/internal/platform/apperr"
)

// UploadedFile is one file of a multipart request, read into memory.
type UploadedFile struct {
	Name string
	Data []byte
}

// FormFile reads the multipart part called field, refusing files over max
// bytes with 413 before reading further. It streams the body part by part
// instead of letting net/http spool every part to disk, so nothing but the
// one file is kept; the route's BodyLimitFor bounds the request as a whole.
func FormFile(c *gin.Context, field string, max int64) (UploadedFile, error) {
	mediaType, _, err := mime.ParseMediaType(c.GetHeader("Content-Type"))
	if err != nil || mediaType != "multipart/form-data" {
		return UploadedFile{}, apperr.Invalid("请以 multipart/form-data 上传文件",
			apperr.FieldError{Field: field, Message: "请选择要上传的文件"})
	}
	reader, err := c.Request.MultipartReader()
	if err != nil {
		return UploadedFile{}, apperr.Invalid("上传内容无法解析", apperr.FieldError{Field: field, Message: "请选择要上传的文件"})
	}
	for {
		part, err := reader.NextPart()
		if errors.Is(err, io.EOF) {
			return UploadedFile{}, apperr.Invalid("没有收到文件", apperr.FieldError{Field: field, Message: "请选择要上传的文件"})
		}
		if err != nil {
			return UploadedFile{}, uploadReadError(err)
		}
		if part.FormName() != field {
			_ = part.Close()
			continue
		}
		data, err := io.ReadAll(io.LimitReader(part, max+1))
		if err != nil {
			return UploadedFile{}, uploadReadError(err)
		}
		if int64(len(data)) > max {
			return UploadedFile{}, apperr.TooLarge(fmt.Sprintf("文件过大，上限为 %s", humanBytes(max)))
		}
		if len(data) == 0 {
			return UploadedFile{}, apperr.Invalid("文件是空的", apperr.FieldError{Field: field, Message: "文件是空的"})
		}
		return UploadedFile{Name: part.FileName(), Data: data}, nil
	}
}

func uploadReadError(err error) error {
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		return tooLarge(tooBig.Limit)
	}
	return apperr.Invalid("上传内容不完整，请重试", apperr.FieldError{Field: "file", Message: "上传中断或格式错误"})
}
