package main

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/kutip/kutip/internal/testenv"
)

// dockerBuild is the Dockerfile's build command; TestDockerBuild checks the Dockerfile still
// says exactly this and runs it outside Docker.
const dockerBuild = `CGO_ENABLED=0 go build -trimpath -ldflags "-s -w -X main.version=${VERSION} -X main.revision=${REVISION}" -o /out/kutip ./cmd/kutip`

// maxBinaryBytes keeps the image at most 20 MB: distroless static adds about 2 MB.
const maxBinaryBytes = 18 << 20

// TestDockerBuild builds the binary as the Dockerfile does and runs it as the image would with
// nothing around it: an empty environment and an empty working directory, no network. The image
// itself is built and run by scripts/container-check.sh, with podman, in CI.
func TestDockerBuild(t *testing.T) {
	testenv.SkipUnlessLarge(t) // builds the binary: tens of seconds with a cold cache
	dockerfile, err := os.ReadFile("../../Dockerfile")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(dockerfile), "\nRUN "+dockerBuild+"\n") {
		t.Fatalf("the Dockerfile's build command is not\n  RUN %s\nupdate dockerBuild and the Dockerfile together", dockerBuild)
	}
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command on PATH")
	}

	bin := filepath.Join(t.TempDir(), "kutip")
	env, args := splitCommandLine(t, strings.NewReplacer("${VERSION}", "docker-test", "${REVISION}", "0123456789abcdef").Replace(dockerBuild))
	if args[0] != "go" {
		t.Fatalf("build command runs %q, want go", args[0])
	}
	for i, a := range args {
		if a == "/out/kutip" {
			args[i] = bin
		}
	}
	build := exec.Command(goTool, args[1:]...)
	build.Dir = "../.."
	build.Env = append(os.Environ(), env...)
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("%s: %v\n%s", dockerBuild, err, out)
	}
	if fi, err := os.Stat(bin); err != nil {
		t.Fatal(err)
	} else if fi.Size() > maxBinaryBytes {
		t.Errorf("binary is %.1f MB, want at most %.1f MB for an image of at most 20 MB", float64(fi.Size())/(1<<20), float64(maxBinaryBytes)/(1<<20))
	}

	runBin := func(args ...string) (stdout, stderr string, code int) {
		t.Helper()
		cmd := exec.Command(bin, args...)
		cmd.Env = []string{} // truly empty, not inherited
		cmd.Dir = t.TempDir()
		var o, e bytes.Buffer
		cmd.Stdout, cmd.Stderr = &o, &e
		err := cmd.Run()
		if ee, ok := err.(*exec.ExitError); ok {
			return o.String(), e.String(), ee.ExitCode()
		} else if err != nil {
			t.Fatalf("%s %q: %v", bin, args, err)
		}
		return o.String(), e.String(), 0
	}

	if out, errOut, code := runBin("version"); code != 0 || !strings.HasPrefix(out, "kutip docker-test (revision 0123456789ab) ") {
		t.Errorf("version: exit %d, %q %q", code, out, errOut)
	}
	if out, errOut, code := runBin("config"); code != 0 || !strings.Contains(out, "KUTIP_DATA") {
		t.Errorf("config: exit %d, %q %q", code, out, errOut)
	}
	if _, errOut, code := runBin(); code != 2 || !strings.Contains(errOut, "TELEGRAM_BOT_TOKEN") {
		t.Errorf("no command, no token: exit %d, %q; want 2 and a hint", code, errOut)
	}

	const question = "Di mana Putin bertemu Kim Jong Un?"
	out, errOut, code := runBin("ask", question)
	if code != 0 {
		t.Fatalf("ask: exit %d\nstdout: %s\nstderr: %s", code, out, errOut)
	}
	citation := regexp.MustCompile(`\[1\][^\n]*\d{3}_[0-9a-f]{16}\.txt`)
	if !strings.Contains(out, "[1]") || !citation.MatchString(out) {
		t.Errorf("ask: no citation in\n%s", out)
	}

	out, errOut, code = runBin("ask", "--json", question)
	var reply struct {
		Refused   bool `json:"refused"`
		Citations []struct {
			Doc string `json:"doc"`
		} `json:"citations"`
	}
	if err := json.Unmarshal([]byte(out), &reply); err != nil || code != 0 {
		t.Fatalf("ask --json: exit %d, %v\n%s\n%s", code, err, out, errOut)
	}
	if reply.Refused || len(reply.Citations) == 0 || reply.Citations[0].Doc == "" {
		t.Errorf("ask --json: refused %v, citations %+v", reply.Refused, reply.Citations)
	}
}

// TestDockerfile checks what a build elsewhere relies on: the golang tag is go.mod's exact go
// version (the image sets GOTOOLCHAIN=local, so an older Go refuses the module); no "# syntax="
// line (BuildKit would fetch a frontend from Docker Hub, breaking offline builds); a numeric
// user (Kubernetes' runAsNonRoot cannot check a name); a HEALTHCHECK.
func TestDockerfile(t *testing.T) {
	dockerfile, err := os.ReadFile("../../Dockerfile")
	if err != nil {
		t.Fatal(err)
	}
	gomod, err := os.ReadFile("../../go.mod")
	if err != nil {
		t.Fatal(err)
	}
	goLine := regexp.MustCompile(`(?m)^go (\S+)$`).FindSubmatch(gomod)
	from := regexp.MustCompile(`(?m)^FROM golang:(\S+)`).FindSubmatch(dockerfile)
	if goLine == nil || from == nil {
		t.Fatalf("no go line in go.mod (%v) or no FROM golang: in the Dockerfile (%v)", goLine, from)
	}
	if string(from[1]) != string(goLine[1]) {
		t.Errorf("the Dockerfile builds with golang:%s, go.mod says go %s: make them agree", from[1], goLine[1])
	}
	if regexp.MustCompile(`(?mi)^#\s*syntax\s*=`).Match(dockerfile) {
		t.Error("the Dockerfile has a # syntax= line")
	}
	if !regexp.MustCompile(`(?m)^USER 65532:65532$`).Match(dockerfile) {
		t.Error("the Dockerfile does not say USER 65532:65532")
	}
	if !regexp.MustCompile(`(?m)^HEALTHCHECK .*"/kutip", "healthcheck"`).Match(dockerfile) {
		t.Error("the Dockerfile has no HEALTHCHECK running kutip healthcheck")
	}
}

// splitCommandLine splits a shell command of the Dockerfile's simple form, leading NAME=value
// assignments and words with double quotes, into environment and arguments.
func splitCommandLine(t *testing.T, line string) (env, args []string) {
	t.Helper()
	var words []string
	var cur strings.Builder
	inQuote, inWord := false, false
	for _, r := range line {
		switch {
		case r == '"':
			inQuote, inWord = !inQuote, true
		case r == ' ' && !inQuote:
			if inWord {
				words = append(words, cur.String())
				cur.Reset()
				inWord = false
			}
		default:
			cur.WriteRune(r)
			inWord = true
		}
	}
	if inQuote {
		t.Fatalf("unbalanced quotes in %q", line)
	}
	if inWord {
		words = append(words, cur.String())
	}
	for len(words) > 0 && regexp.MustCompile(`^[A-Z_][A-Z0-9_]*=`).MatchString(words[0]) {
		env, words = append(env, words[0]), words[1:]
	}
	if len(words) == 0 {
		t.Fatalf("no command in %q", line)
	}
	return env, words
}
