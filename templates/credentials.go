package templates

import (
	"fmt"
	"strings"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/util/validation/field"
)

// credentialNameParts are what the name of an environment variable holding
// a credential contains, upper-cased (AWS_SECRET_ACCESS_KEY, DB_PASSWORD,
// GITHUB_TOKEN, OPENAI_API_KEY, GOOGLE_APPLICATION_CREDENTIALS, …).
var credentialNameParts = []string{"PASSWORD", "PASSWD", "SECRET", "TOKEN", "API_KEY", "APIKEY", "CREDENTIAL", "PRIVATE_KEY"}

// credentialWarnings warns of every env entry of the template's containers
// that carries a literal value under a credential's name. A template's
// content is readable by whoever may read SparkPodTemplates (or the
// template files), is copied into every Pod it selects (readable by whoever
// may get Pods there) and shows in the admission patch; a secretKeyRef is
// resolved by the kubelet and shows nowhere. It is a warning, not a
// refusal: a name is no proof (SPARK_AUTHENTICATE_SECRET_FILE holds a path).
func credentialWarnings(spec *corev1.PodSpec, path *field.Path) []string {
	var out []string
	for _, list := range []struct {
		name       string
		containers []corev1.Container
	}{{"containers", spec.Containers}, {"initContainers", spec.InitContainers}} {
		for i := range list.containers {
			for j, e := range list.containers[i].Env {
				if e.Value == "" || !isCredentialName(e.Name) {
					continue
				}
				p := path.Child(list.name).Index(i).Child("env").Index(j).Child("value")
				out = append(out, fmt.Sprintf("%s: %s looks like a credential written in the template, where everyone who can read the template or the Pods it selects can read it: reference a Secret with valueFrom.secretKeyRef, or with spec.secretEnv (sparkhook.io/secret-env in a Pod file)", p, e.Name))
			}
		}
	}
	return out
}

func isCredentialName(name string) bool {
	upper := strings.ToUpper(name)
	for _, part := range credentialNameParts {
		if strings.Contains(upper, part) {
			return true
		}
	}
	return false
}
