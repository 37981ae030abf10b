// Package source keeps a templates.Registry in step with where templates
// are registered: a directory of template files, watched (FileSource), and
// the SparkPodTemplate objects of the cluster, read from a
// controller-runtime cache (ClusterSource). It is the I/O around the pure
// core in package templates, which compiles, selects and merges; the
// offline CLI reads a directory with ReadTemplateDir and then runs the same
// core as the webhook.
package source
