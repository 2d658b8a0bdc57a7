"""The user documentation: every relative link in README.md, docs/ and the
method pages (configs/*/README.md) resolves to a file of the repository, and
no code, config or page refers to a specification outside it."""
import os
import os.path as osp
import re

import pytest

REPO = osp.dirname(osp.dirname(osp.abspath(__file__)))
# [text](target) and ![alt](target); the target ends at a space or ')'.
LINK = re.compile(r'!?\[[^\]]*\]\(([^)\s]+)(?:\s+"[^"]*")?\)')
EXTERNAL = ('http://', 'https://', 'mailto:', '#')
# Each has a method page (docs/methods/) and a model-zoo page (configs/).
METHODS = ('kd', 'dkd', 'fitnet', 'preparing_lessons', 'generous_teacher',
           'sokd', 'tst')


def _pages():
    pages = [osp.join(REPO, 'README.md')]
    for top in ('docs', 'configs'):
        for root, _, files in os.walk(osp.join(REPO, top)):
            pages += [osp.join(root, f) for f in files if f.endswith('.md')]
    return sorted(pages)


def relative_links(text):
    """The relative link targets of a Markdown text, without their anchors
    (links inside fenced code blocks are code, not links)."""
    text = re.sub(r'```.*?```', '', text, flags=re.S)
    targets = []
    for target in LINK.findall(text):
        if target.startswith(EXTERNAL):
            continue
        targets.append(target.split('#')[0])
    return [t for t in targets if t]


def test_relative_links_finds_links_and_skips_code_and_urls():
    text = ('[a](docs/a.md) ![b](img/b.png "t") [c](https://x.org) [d](#top)'
            ' [e](f.md#sec)\n```\n[g](not/a/link.md)\n```\n')
    assert relative_links(text) == ['docs/a.md', 'img/b.png', 'f.md']


@pytest.mark.parametrize('page', _pages(), ids=lambda p: osp.relpath(p, REPO))
def test_every_relative_link_resolves(page):
    with open(page, encoding='utf-8') as f:
        links = relative_links(f.read())
    missing = [t for t in links
               if not osp.exists(osp.join(osp.dirname(page), t))]
    assert not missing, f'{osp.relpath(page, REPO)}: broken links {missing}'


def test_the_documented_pages_exist():
    for page in ('LICENSE', 'docs/get_started.md', 'docs/toy_benchmark.md',
                 'docs/step_time.md', 'docs/real_datasets.md'):
        assert osp.isfile(osp.join(REPO, page)), page
    for method in METHODS:
        assert osp.isfile(osp.join(REPO, 'docs', 'methods', f'{method}.md'))
        assert osp.isfile(osp.join(REPO, 'configs', method, 'README.md'))


def test_readme_is_short():
    with open(osp.join(REPO, 'README.md'), encoding='utf-8') as f:
        assert len(f.read().splitlines()) <= 200


def test_method_pages_cite_their_paper():
    for method in METHODS:
        with open(osp.join(REPO, 'configs', method, 'README.md'),
                  encoding='utf-8') as f:
            text = f.read()
        assert '## Citation' in text and '@' in text, method


def test_nothing_refers_to_a_specification_outside_the_repository():
    paths = [osp.join(REPO, 'README.md')]
    for top in ('mmkd_teach', 'configs', 'tools', 'toy_benchmark', 'tests',
                'docs'):
        for root, _, files in os.walk(osp.join(REPO, top)):
            paths += [osp.join(root, name) for name in files
                      if name.endswith(('.py', '.md', '.yml', '.sh', '.txt'))]
    offenders = []
    for path in paths:
        if path == osp.abspath(__file__):
            continue
        with open(path, encoding='utf-8', errors='replace') as f:
            if 'METHODS.md' in f.read():
                offenders.append(osp.relpath(path, REPO))
    assert not offenders, offenders
