"""Builds the spark-bert wheel with the jobs jars of the source checkout, when they are built:
``sparkbert.jar_path()`` then finds the one for the installed pyspark inside the package."""

import glob
import os
import shutil

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = os.path.dirname(os.path.abspath(__file__))


class BuildWithJars(build_py):
    def run(self) -> None:
        super().run()
        target = os.path.join(self.build_lib, "sparkbert", "jars")
        jars = glob.glob(os.path.join(HERE, "..", "**", "target", "spark-bert-*-jobs.jar"), recursive=True)
        if jars:
            os.makedirs(target, exist_ok=True)
        for jar in jars:
            shutil.copy2(jar, target)


setup(cmdclass={"build_py": BuildWithJars})
