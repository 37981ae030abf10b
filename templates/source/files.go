package source

import (
	"context"
	"crypto/sha256"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/fsnotify/fsnotify"
	"github.com/go-logr/logr"

	"github.com/sparkhook/sparkhook/templates"
)

// Files is the registry source name of templates read from files.
const Files = "files"

// DefaultPollInterval is how often a FileSource re-reads its directory when
// no file event arrived: fsnotify misses changes on some volumes, and
// Kubernetes updates a mounted ConfigMap by swapping a symlink.
const DefaultPollInterval = 10 * time.Second

// FileSource keeps a templates.Registry's file templates in step with a directory of
// YAML and JSON files. It is a controller-runtime Runnable.
type FileSource struct {
	// Dir is the directory of template files (*.yaml, *.yml, *.json; dot
	// files and subdirectories are skipped).
	Dir string
	// Registry receives the templates.
	Registry *templates.Registry
	// PollInterval defaults to DefaultPollInterval.
	PollInterval time.Duration
	// Security is what privileges templates may add.
	Security templates.SecurityPolicy
	// OnLoad, when set, is told the outcome of every load, for metrics:
	// how many of this source's templates the registry holds after it, or
	// templates.NotReplaced when the load replaced nothing (the last good set stays),
	// and what it refused, if anything.
	OnLoad func(templates int, refused error)

	// digest is that of the files last loaded, whether they were valid or
	// not: files that failed are not loaded again until they change, so a
	// broken file is reported once, not at every poll.
	digest string
}

// settleDelay is how long Start waits after a file event before it reads the
// directory: a file written in place is truncated before it is written, and
// reading it in between would drop its templates for a moment.
const settleDelay = 100 * time.Millisecond

// Load reads the directory and, when every file is valid, replaces the
// registry's file templates. On error the last good set stays registered.
// It returns the warnings of a successful load.
func (s *FileSource) Load() ([]string, error) {
	files, digest, err := ReadTemplateDir(s.Dir)
	if err != nil {
		s.report(templates.NotReplaced, err)
		return nil, err
	}
	return s.load(files, digest)
}

func (s *FileSource) load(files []templates.File, digest string) ([]string, error) {
	s.digest = digest
	ts, warnings, err := templates.LoadFilesWith(files, s.Security)
	if err != nil {
		err = fmt.Errorf("templates in %s (the last good set stays in use): %w", s.Dir, err)
		s.report(templates.NotReplaced, err)
		return warnings, err
	}
	s.Registry.Replace(Files, ts)
	s.report(len(ts), nil)
	return warnings, nil
}

func (s *FileSource) report(n int, err error) {
	if s.OnLoad != nil {
		s.OnLoad(n, err)
	}
}

// Start watches the directory until ctx is done, reloading on every change.
// The first load must have been done with Load.
func (s *FileSource) Start(ctx context.Context) error {
	log := logr.FromContextOrDiscard(ctx).WithValues("dir", s.Dir)
	watcher, err := fsnotify.NewWatcher()
	if err != nil {
		return fmt.Errorf("watching %s: %w", s.Dir, err)
	}
	defer watcher.Close()
	if err := watcher.Add(s.Dir); err != nil {
		return fmt.Errorf("watching %s: %w", s.Dir, err)
	}
	interval := s.PollInterval
	if interval <= 0 {
		interval = DefaultPollInterval
	}
	ticker := time.NewTicker(interval)
	defer ticker.Stop()
	var settled <-chan time.Time
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-watcher.Events:
			if settled == nil {
				settled = time.After(settleDelay)
			}
			continue
		case err := <-watcher.Errors:
			log.Error(err, "Watching template files; polling continues")
			continue
		case <-settled:
			settled = nil
		case <-ticker.C:
		}
		s.reloadIfChanged(log)
	}
}

func (s *FileSource) reloadIfChanged(log logr.Logger) {
	files, digest, err := ReadTemplateDir(s.Dir)
	if err != nil {
		s.report(templates.NotReplaced, err)
		log.Error(err, "Reloading templates failed; keeping the last good set")
		return
	}
	if digest == s.digest {
		return
	}
	warnings, err := s.load(files, digest)
	if err != nil {
		log.Error(err, "Reloading templates failed; keeping the last good set")
		return
	}
	for _, w := range warnings {
		log.Info("Template warning", "warning", w)
	}
	log.Info("Reloaded templates", "templates", s.Registry.Set().Len())
}

// ReadTemplateDir reads the template files of dir, sorted by name, and a
// digest of their content that changes whenever any of them does.
func ReadTemplateDir(dir string) ([]templates.File, string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, "", fmt.Errorf("reading templates: %w", err)
	}
	h := sha256.New()
	var files []templates.File
	for _, e := range entries {
		name := e.Name()
		if strings.HasPrefix(name, ".") || !isTemplateFile(name) {
			continue
		}
		path := filepath.Join(dir, name)
		// os.ReadFile follows symlinks, as a mounted ConfigMap needs.
		if info, err := os.Stat(path); err != nil || info.IsDir() {
			continue
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return nil, "", fmt.Errorf("reading templates: %w", err)
		}
		fmt.Fprintf(h, "%s\x00%d\x00", name, len(data))
		h.Write(data)
		files = append(files, templates.File{Name: path, Data: data})
	}
	slices.SortFunc(files, func(a, b templates.File) int { return strings.Compare(a.Name, b.Name) })
	return files, fmt.Sprintf("%x", h.Sum(nil)), nil
}

func isTemplateFile(name string) bool {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".yaml", ".yml", ".json":
		return true
	}
	return false
}
