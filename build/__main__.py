from omgoerelse.cli import main

if __name__ == "__main__":  # not when a helper process (render.py) imports it
    raise SystemExit(main())
