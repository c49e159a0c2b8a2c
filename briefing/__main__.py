"""python -m briefing: the same as the brief command."""

from briefing.cli import main

main()
