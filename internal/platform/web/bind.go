package web

import (
	"bytes"
	"encoding"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"reflect"
	"sort"
	"strings"

	"github.com/gin-gonic/gin"

	"huhang/internal/platform/apperr"
)

// BindJSON decodes the body into dst (a pointer to a struct) strictly: it must
// be one JSON object, with no unknown fields, each field of the right type.
// Every unknown or mistyped field is named at once, in Chinese.
func BindJSON(c *gin.Context, dst any) error {
	body, err := io.ReadAll(c.Request.Body)
	if err != nil {
		var maxErr *http.MaxBytesError
		if errors.As(err, &maxErr) {
			return tooLarge(maxErr.Limit)
		}
		return apperr.InvalidJSON("无法读取请求体")
	}
	return DecodeStrict(body, dst)
}

// DecodeStrict is BindJSON without the request, for bodies read elsewhere.
func DecodeStrict(body []byte, dst any) error {
	if len(bytes.TrimSpace(body)) == 0 {
		return apperr.InvalidJSON("请求体不能为空，应为 JSON 对象")
	}
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(body, &fields); err != nil {
		var syntaxErr *json.SyntaxError
		if errors.As(err, &syntaxErr) {
			return apperr.InvalidJSON(fmt.Sprintf("请求体不是合法的 JSON（第 %d 个字节附近有误）", syntaxErr.Offset))
		}
		return apperr.InvalidJSON("请求体应为 JSON 对象")
	}
	if fields == nil {
		return apperr.InvalidJSON("请求体应为 JSON 对象")
	}
	target := reflect.ValueOf(dst)
	if target.Kind() != reflect.Pointer || target.Elem().Kind() != reflect.Struct {
		return apperr.Internal(fmt.Errorf("web: DecodeStrict needs a pointer to a struct, got %T", dst))
	}
	if problems := checkObject("", fields, target.Elem().Type()); len(problems) > 0 {
		return apperr.Invalid("请求中有不认识或类型错误的字段", problems...)
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(dst); err != nil {
		// checkObject has named every field problem it can see; what is left
		// is rare and its Go text would be English, so it stays in the log.
		e := apperr.InvalidJSON("请求体格式有误")
		e.Cause = err
		return e
	}
	if dec.More() {
		return apperr.InvalidJSON("请求体只能包含一个 JSON 对象")
	}
	return nil
}

// checkObject walks one JSON object against a struct type, collecting every
// unknown field and every field whose value does not fit its type. It
// descends into nested objects and arrays of objects so paths read like
// "posts[1].pay_fen".
func checkObject(prefix string, fields map[string]json.RawMessage, t reflect.Type) []apperr.FieldError {
	known := jsonFields(t)
	names := make([]string, 0, len(fields))
	for name := range fields {
		names = append(names, name)
	}
	sort.Strings(names)
	var problems []apperr.FieldError
	for _, name := range names {
		path := prefix + name
		ft, ok := known[name]
		if !ok {
			problems = append(problems, apperr.FieldError{Field: path, Message: "不认识的字段"})
			continue
		}
		problems = append(problems, checkValue(path, fields[name], ft)...)
	}
	return problems
}

func checkValue(path string, raw json.RawMessage, t reflect.Type) []apperr.FieldError {
	if bytes.Equal(bytes.TrimSpace(raw), []byte("null")) {
		return nil
	}
	base := t
	for base.Kind() == reflect.Pointer {
		base = base.Elem()
	}
	switch {
	case base.Kind() == reflect.Struct && !implementsUnmarshaler(base):
		var obj map[string]json.RawMessage
		if err := json.Unmarshal(raw, &obj); err != nil {
			return []apperr.FieldError{{Field: path, Message: "应为对象"}}
		}
		return checkObject(path+".", obj, base)
	case base.Kind() == reflect.Slice && base.Elem().Kind() != reflect.Uint8:
		var items []json.RawMessage
		if err := json.Unmarshal(raw, &items); err != nil {
			return []apperr.FieldError{{Field: path, Message: "应为数组"}}
		}
		var problems []apperr.FieldError
		for i, item := range items {
			problems = append(problems, checkValue(fmt.Sprintf("%s[%d]", path, i), item, base.Elem())...)
		}
		return problems
	}
	if err := json.Unmarshal(raw, reflect.New(t).Interface()); err != nil {
		if reflect.PointerTo(base).Implements(reflect.TypeFor[encoding.TextUnmarshaler]()) {
			// Identifiers such as UUIDs arrive as strings of a fixed shape.
			return []apperr.FieldError{{Field: path, Message: "格式无效，应为有效的编号"}}
		}
		return []apperr.FieldError{{Field: path, Message: "类型错误，应为" + typeName(base)}}
	}
	return nil
}

func implementsUnmarshaler(t reflect.Type) bool {
	return reflect.PointerTo(t).Implements(reflect.TypeFor[json.Unmarshaler]())
}

// jsonFields maps the JSON names of a struct's fields (embedded structs
// flattened) to their types.
func jsonFields(t reflect.Type) map[string]reflect.Type {
	out := map[string]reflect.Type{}
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		tag := f.Tag.Get("json")
		if tag == "-" {
			continue
		}
		name, _, _ := strings.Cut(tag, ",")
		if f.Anonymous && name == "" && f.Type.Kind() == reflect.Struct {
			for k, v := range jsonFields(f.Type) {
				out[k] = v
			}
			continue
		}
		if !f.IsExported() {
			continue
		}
		if name == "" {
			name = f.Name
		}
		out[name] = f.Type
	}
	return out
}

func typeName(t reflect.Type) string {
	switch t.Kind() {
	case reflect.String:
		return "字符串"
	case reflect.Bool:
		return "布尔值"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "整数"
	case reflect.Float32, reflect.Float64:
		return "数字"
	case reflect.Map:
		return "对象"
	}
	return "正确的类型"
}
