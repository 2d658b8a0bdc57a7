"""mmkd_teach: knowledge distillation for OpenMMLab (mmdet, mmseg, mmpretrain).

Install the pinned stack with ``bash tools/install.sh`` (it builds or finds
mmcv with compiled ops); ``pip install -e .`` alone installs this package.
"""
import re

from setuptools import find_packages, setup


def requirements(path):
    with open(path) as f:
        return [
            line.split('#')[0].strip() for line in f
            if line.split('#')[0].strip() and not line.startswith('-r')
        ]


def version():
    with open('mmkd_teach/__init__.py') as f:
        return re.search(r"__version__ = '([^']+)'", f.read()).group(1)


setup(
    name='mmkd_teach',
    version=version(),
    description='Distil a teacher into a student with OpenMMLab, with the '
    'methods that fix what the teacher teaches',
    license='Apache-2.0',
    license_files=['LICENSE'],
    classifiers=[
        'Programming Language :: Python :: 3',
        'Topic :: Scientific/Engineering :: Artificial Intelligence',
    ],
    packages=find_packages(exclude=('tests', 'tests.*', 'configs', 'tools',
                                    'toy_benchmark', 'toy_benchmark.*')),
    # TST's pretrained operation approximators (50 KB, checksummed)
    package_data={'mmkd_teach.models.tst': ['weights/approximators.pth']},
    python_requires='>=3.9',
    install_requires=requirements('requirements/runtime.txt'),
    extras_require=dict(
        tests=requirements('requirements/tests.txt'),
        mim=requirements('requirements/mminstall.txt')),
    zip_safe=False)
