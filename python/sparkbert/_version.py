# Generated from the JVM classes by dev.sparkbert.cli.PythonWrappers; do not edit.
# Regenerate: mvn -pl spark-bert-jobs -am test -Dtest=PythonWrappersTest -Dsparkbert.pythonRegenerate=true
#   -Dsurefire.failIfNoSpecifiedTests=false

__version__ = "0.1.0.dev0"

# The JVM build this package wraps (dev.sparkbert.ml.BuildInfo.version()).
JVM_VERSION = "0.1.0-SNAPSHOT"
