"""Runs Careplan: the desktop program, or a command-line subcommand when given one."""

from careplan.app import launch

if __name__ == "__main__":
    launch()
