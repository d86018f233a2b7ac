package site_test

// The browser harness: one headless Chromium per test binary, started on
// first use and closed by TestMain; one tab per test, with a recorder
// attached before the tab's first command so it sees every request,
// console message and exception. Nothing waits on time: every wait is a
// condition (an element, an event, a promise) bounded by a generous
// context deadline derived from the test's own.

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/factgraph/factgraph/internal/testenv"
)

// chromePath finds Chromium, preferring Debian's real binary to its
// /usr/bin/chromium shell wrapper (which reads /etc/chromium.d and adds
// flags of its own); on a GitHub runner, whose Ubuntu packages Chromium
// as a snap, it finds the preinstalled google-chrome. FACTGRAPH_CHROME
// overrides.
func chromePath() string {
	if p := os.Getenv("FACTGRAPH_CHROME"); p != "" {
		return p
	}
	for _, p := range []string{"/usr/lib/chromium/chromium", "chromium", "chromium-browser", "google-chrome", "headless-shell"} {
		if path, err := exec.LookPath(p); err == nil {
			return path
		}
	}
	return ""
}

var browserState struct {
	once    sync.Once
	ctx     context.Context
	cancel  []context.CancelFunc
	profile string
	err     error
}

var errNoChrome = errors.New("chromium (the Debian package chromium)")

// browser returns the test binary's browser, starting it on first use.
// Its life is bound to a context without deadline (a deadline on the
// first command would end the browser with it); TestMain closes it.
func browser(t *testing.T) context.Context {
	t.Helper()
	browserState.once.Do(func() {
		exe := chromePath()
		if exe == "" {
			browserState.err = errNoChrome
			return
		}
		browserState.profile, browserState.err = os.MkdirTemp("", "factgraph-chromium-")
		if browserState.err != nil {
			return
		}
		opts := append(chromedp.DefaultExecAllocatorOptions[:],
			chromedp.ExecPath(exe),
			chromedp.UserDataDir(browserState.profile),
			chromedp.NoSandbox, // CI runs as root, where Chromium's sandbox refuses to start
			chromedp.DisableGPU,
			chromedp.WindowSize(1280, 900),
			chromedp.Flag("disable-quic", true),
			chromedp.Flag("disable-component-update", true),
			chromedp.Flag("disable-domain-reliability", true),
			chromedp.Flag("no-pings", true),
			chromedp.Flag("no-proxy-server", true),
			chromedp.Flag("font-render-hinting", "none"), // widths as laid out, not hinted
		)
		actx, acancel := chromedp.NewExecAllocator(context.Background(), opts...)
		bctx, bcancel := chromedp.NewContext(actx)
		browserState.cancel = []context.CancelFunc{bcancel, acancel}
		browserState.err = chromedp.Do(bctx)
		browserState.ctx = bctx
	})
	if browserState.err == errNoChrome {
		testenv.Missing(t, errNoChrome.Error())
	}
	if browserState.err != nil {
		t.Fatalf("starting Chromium: %v", browserState.err)
	}
	return browserState.ctx
}

func closeBrowser() {
	for _, c := range browserState.cancel {
		c() // closes the browser and waits for it
	}
	if browserState.profile != "" {
		os.RemoveAll(browserState.profile)
	}
}

// recorder is what a tab did. listen runs in the tab's event loop: it
// must return quickly and send no command.
type recorder struct {
	mu       sync.Mutex
	urls     map[network.RequestID]string
	requests []string
	failed   []string
	console  []string
	dialogs  []string
}

func (r *recorder) listen(ev any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	switch ev := ev.(type) {
	case *network.EventRequestWillBeSent:
		r.urls[ev.RequestID] = ev.Request.URL
		r.requests = append(r.requests, ev.Request.URL)
	case *network.EventLoadingFailed:
		r.failed = append(r.failed, fmt.Sprintf("%s %s: %s %s", ev.Type, r.urls[ev.RequestID], ev.ErrorText, ev.BlockedReason))
	case *network.EventResponseReceived:
		if ev.Response.Status >= 400 {
			r.failed = append(r.failed, fmt.Sprintf("%s %s: HTTP %d", ev.Type, ev.Response.URL, ev.Response.Status))
		}
	case *runtime.EventConsoleAPICalled:
		if ev.Type == runtime.ConsoleAPICalledTypeError || ev.Type == runtime.ConsoleAPICalledTypeAssert || ev.Type == runtime.ConsoleAPICalledTypeWarning {
			var parts []string
			for _, a := range ev.Args {
				parts = append(parts, strings.Trim(string(a.Value), `"`)+a.Description)
			}
			r.console = append(r.console, "console."+string(ev.Type)+": "+strings.Join(parts, " "))
		}
	case *runtime.EventExceptionThrown:
		d := ev.ExceptionDetails
		msg := d.Text
		if d.Exception != nil {
			msg += " " + d.Exception.Description
		}
		r.console = append(r.console, "exception: "+msg)
	case *log.EventEntryAdded:
		if ev.Entry.Level == log.EntryLevelError || ev.Entry.Level == log.EntryLevelWarning {
			r.console = append(r.console, fmt.Sprintf("log %s %s: %s %s", ev.Entry.Level, ev.Entry.Source, ev.Entry.Text, ev.Entry.URL))
		}
	case *page.EventJavascriptDialogOpening:
		r.dialogs = append(r.dialogs, ev.Message)
	}
}

func (r *recorder) snapshot() (requests, failed, console, dialogs []string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.requests...), append([]string(nil), r.failed...),
		append([]string(nil), r.console...), append([]string(nil), r.dialogs...)
}

// checkClean fails t on a failed request, a console error or warning, a
// dialog, or a request that site refuses (another host, or a file outside
// the site).
func (r *recorder) checkClean(t *testing.T, s served) {
	t.Helper()
	requests, failed, console, dialogs := r.snapshot()
	for _, f := range failed {
		t.Errorf("failed request: %s", f)
	}
	for _, c := range console {
		t.Errorf("console: %s", c)
	}
	for _, d := range dialogs {
		t.Errorf("a dialog opened: %q", d)
	}
	for _, u := range requests {
		if !s.inside(u) {
			t.Errorf("request outside the site: %s", u)
		}
	}
	if len(requests) == 0 {
		t.Errorf("recorded no request at all")
	}
}

// tab opens a tab of the browser with a recorder attached, and returns a
// context for the test's actions whose deadline is generous but ends
// before go test's own, so a hang fails with a message.
func tab(t *testing.T) (context.Context, *recorder) {
	t.Helper()
	rec := &recorder{urls: map[network.RequestID]string{}}
	tctx, cancel := chromedp.NewContext(browser(t), chromedp.WithListener(rec.listen))
	t.Cleanup(cancel) // closes the tab
	if err := chromedp.Do(tctx); err != nil {
		t.Fatalf("opening a tab: %v", err)
	}
	limit := 5 * time.Minute
	if dl, ok := t.Deadline(); ok {
		if left := time.Until(dl) - 20*time.Second; left < limit {
			limit = left
		}
	}
	ctx, c := context.WithTimeout(tctx, limit)
	t.Cleanup(c)
	return ctx, rec
}

// served is a site as the browser reaches it: over HTTP or from file://.
type served struct {
	name string
	base string // ends in /
	// inside reports whether a URL is part of the site.
	inside func(string) bool
}

func (s served) url(p string) string { return s.base + p }

func fileSite(t *testing.T, dir string) served {
	abs, err := filepath.Abs(dir)
	if err != nil {
		t.Fatal(err)
	}
	return served{name: "file", base: "file://" + filepath.ToSlash(abs) + "/", inside: func(s string) bool {
		u, err := url.Parse(s)
		return err == nil && u.Scheme == "file" && u.Host == "" && strings.HasPrefix(u.Path, filepath.ToSlash(abs)+"/")
	}}
}

// load navigates to p and waits until the page's script has run.
func load(t *testing.T, ctx context.Context, s served, p string) {
	t.Helper()
	if err := chromedp.Do(ctx, chromedp.Navigate(s.url(p)), chromedp.WaitReady(chromedp.CSS(`html[data-js="ready"]`))); err != nil {
		t.Fatalf("loading %s: %v", p, err)
	}
}

// eval evaluates a JavaScript expression in the page (awaiting a promise).
func eval[T any](t *testing.T, ctx context.Context, expr string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("evaluating %s: %v", clip(expr), err)
	}
	return v
}

// screenshot saves a PNG of the whole page under $FACTGRAPH_SCREENSHOTS
// (else the test's temporary directory) and returns its path.
func screenshot(t *testing.T, ctx context.Context, name string) string {
	t.Helper()
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatalf("screenshot: %v", err)
	}
	if !strings.HasPrefix(string(png), "\x89PNG\r\n\x1a\n") {
		t.Fatalf("the screenshot is not a PNG")
	}
	dir := os.Getenv("FACTGRAPH_SCREENSHOTS")
	if dir == "" {
		dir = t.TempDir()
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, name+".png")
	if err := os.WriteFile(p, png, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot: %s", p)
	return p
}

// fontsReady waits for the page's fonts and reports whether the site's
// web font is what draws the diagrams.
func fontsReady(t *testing.T, ctx context.Context) bool {
	t.Helper()
	return eval[bool](t, ctx, `document.fonts.ready.then(() => document.fonts.check("11px 'FG Sans'") && [...document.fonts].some(f => f.family.includes('FG Sans') && f.status === 'loaded'))`)
}
