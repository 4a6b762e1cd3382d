// Package webui serves the built web client embedded in the binary, with
// client-side routes falling back to index.html.
package webui

import (
	"bytes"
	"embed"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strconv"
	"strings"
	"time"

	"huhang/internal/platform/web"
)

// dist holds the Vite build. Only dist/.gitignore is tracked, so the folder
// exists on a fresh clone and the server compiles before any client build.
//
//go:embed all:dist
var dist embed.FS

// fixedNames are the built files whose name stays the same from build to
// build, so they must be revalidated on every use: a cached service worker
// would keep phones on an old client (browsers cap its HTTP cache at a day,
// still a day too long after a fix), and a stale manifest would install the
// app with old icons or an old start page.
var fixedNames = map[string]bool{"sw.js": true, "manifest.webmanifest": true}

func init() {
	// Not in Go's built-in table; a sniffed text/plain manifest is ignored
	// by some browsers.
	_ = mime.AddExtensionType(".webmanifest", "application/manifest+json")
}

// Handler serves the client from fsys (nil: the embedded build).
type Handler struct {
	files fs.FS
	built bool
}

// New serves the embedded build.
func New() *Handler {
	sub, err := fs.Sub(dist, "dist")
	if err != nil {
		panic(err) // the embed pattern guarantees the folder
	}
	return NewFromFS(sub)
}

// NewFromFS serves any folder laid out like Vite's output; tests use it.
func NewFromFS(files fs.FS) *Handler {
	_, err := fs.Stat(files, "index.html")
	return &Handler{files: files, built: err == nil}
}

// Built reports whether a client build is present.
func (h *Handler) Built() bool { return h.built }

func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if !h.built {
		w.Header().Set("Cache-Control", "no-cache")
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(http.StatusOK)
		_, _ = w.Write([]byte(notBuiltPage))
		return
	}
	name := strings.TrimPrefix(path.Clean("/"+r.URL.Path), "/")
	if name != "" && name != "index.html" {
		if info, err := fs.Stat(h.files, name); err == nil && !info.IsDir() {
			switch {
			case strings.HasPrefix(name, "assets/"):
				// Vite puts a content hash in every asset name: safe to cache forever.
				w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
			case fixedNames[name]:
				w.Header().Set("Cache-Control", "no-cache")
			default:
				w.Header().Set("Cache-Control", "public, max-age=3600")
			}
			h.serveFile(w, r, name)
			return
		}
		if strings.HasPrefix(name, "assets/") {
			// A missing hashed asset is a stale page asking for an old build;
			// answering index.html would hand it HTML as JavaScript.
			http.NotFound(w, r)
			return
		}
	}
	h.serveIndex(w, r)
}

// serveIndex answers client routes with the app shell. It must never be
// cached, or a deploy would leave phones on old asset names.
func (h *Handler) serveIndex(w http.ResponseWriter, r *http.Request) {
	body, err := fs.ReadFile(h.files, "index.html")
	if err != nil {
		http.Error(w, "index.html missing", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Cache-Control", "no-cache")
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	if enc, variant := h.variant(w, r, "index.html"); enc != "" {
		if b, err := fs.ReadFile(h.files, variant); err == nil {
			w.Header().Set("Content-Encoding", enc)
			body = b
		}
	}
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	if r.Method == http.MethodHead {
		return
	}
	_, _ = w.Write(body)
}

// encodings are the precompressed variants the build writes next to each
// file (web/vite.config.ts), in the order they are preferred: brotli is
// about a fifth smaller than gzip on this client's JavaScript.
var encodings = []struct{ name, suffix string }{{"br", ".br"}, {"gzip", ".gz"}}

// variant picks the precompressed file to send for name, or "" for the file
// itself. Vary is set whenever a variant exists, so a cache never hands the
// brotli bytes to a client that asked for identity.
func (h *Handler) variant(w http.ResponseWriter, r *http.Request, name string) (enc, file string) {
	offered := make([]string, 0, len(encodings))
	for _, e := range encodings {
		if info, err := fs.Stat(h.files, name+e.suffix); err == nil && !info.IsDir() {
			offered = append(offered, e.name)
		}
	}
	if len(offered) == 0 {
		return "", ""
	}
	w.Header().Add("Vary", "Accept-Encoding")
	enc = web.PreferredEncoding(r.Header.Get("Accept-Encoding"), offered...)
	for _, e := range encodings {
		if e.name == enc {
			return enc, name + e.suffix
		}
	}
	return "", ""
}

// serveFile sends name or its precompressed variant, with the Content-Type
// of name (never of the .br/.gz file) and ranges and conditionals handled
// by http.ServeContent over the bytes actually sent.
func (h *Handler) serveFile(w http.ResponseWriter, r *http.Request, name string) {
	file := name
	if enc, variant := h.variant(w, r, name); enc != "" {
		w.Header().Set("Content-Encoding", enc)
		file = variant
	}
	body, err := fs.ReadFile(h.files, file)
	if err != nil {
		http.Error(w, "file unreadable", http.StatusInternalServerError)
		return
	}
	if ct := mime.TypeByExtension(path.Ext(name)); ct != "" {
		w.Header().Set("Content-Type", ct)
	}
	if file != name {
		// http.ServeContent leaves out Content-Length once a Content-Encoding
		// is set (it expects a compressor behind it), and ranges of an encoded
		// body help no browser; so the variant goes out whole.
		w.Header().Set("Content-Length", strconv.Itoa(len(body)))
		if r.Method != http.MethodHead {
			_, _ = w.Write(body)
		}
		return
	}
	// Embedded files carry no modification time; the hash in the name or
	// the short max-age does the caching.
	http.ServeContent(w, r, name, time.Time{}, bytes.NewReader(body))
}

const notBuiltPage = `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>护航 · 职业学校学生实习监管平台</title></head>
<body>
<h1>护航 · 职业学校学生实习监管平台</h1>
<p>网页客户端尚未构建。请在项目根目录运行 <code>make web</code>（或 <code>make run</code>），然后重新编译并启动服务。</p>
<p lang="en">The web client has not been built. Run <code>make web</code> (or <code>make run</code>) in the repository, then rebuild and restart the server. The API under <code>/api/v1</code> works without it.</p>
</body></html>
`
