#!/usr/bin/env python3
"""Writes the CSV fixtures of GermanCSVTests byte by byte (see ../README.md, "Table fixtures").

Run from anywhere: python3 Tests/Fixtures/tables/make-table-fixtures.py
Values are made up in the shape of real exports (Amt fuer Statistik Berlin-Brandenburg, Destatis).
"""
from pathlib import Path

HERE = Path(__file__).resolve().parent
NBSP, NNBSP, MINUS = "\u00a0", "\u202f", "\u2212"


def write(name: str, text: str, encoding: str, bom: bool = False, newline: str = "\n") -> None:
    data = text.replace("\n", newline).encode(encoding)
    (HERE / name).write_bytes((b"\xef\xbb\xbf" if bom else b"") + data)


# Windows-1252, CRLF, ';': umlauts and ß in keys and names, € and ² in the header, the symbols
# '–' (byte 0x96) and '…' (byte 0x85), thousands dots, decimal commas.
write("cp1252-umlauts.csv", (
    "Ortsteil;Gemeinde;Einwohner;Fläche km²;Miete €/m²\n"
    "Schöneberg;Berlin;123.456;10,6;12,50\n"
    "Großziethen;Schönefeld;8.719;7,3;9,80\n"
    "Grünau;Berlin;–;16,5;…\n"
    "Müggelheim;Berlin;6.820;22,2;x\n"
), "cp1252", newline="\r\n")

# UTF-8, ';': decimal commas and thousands dots, the official symbols, a quoted number, one
# thousands separator per column (space, U+00A0, U+202F, apostrophe), signs, quoting.
write("semicolon-decimal-comma.csv", (
    "PLR_ID;Name;Einwohner;Anteil_Kinder;Einkommen_EUR;Kinder;Fläche_m2;Haushalte;Wohnfläche_m2;"
    "Betrag_CHF;Saldo;Bemerkung\n"
    f"01100101;Stülerstraße;3.419;12,5;2.345,50;\"69\";1 234 567;1{NBSP}250;12{NNBSP}345;1'234;-12;frei\n"
    f"01100102;Großer Tiergarten;1.791;.;1.234,00;-;987 654;980;2{NNBSP}000;12'500;+3;\"Text; mit Semikolon\"\n"
    f"01100103;Lützowstraße;5.211;x;/;/;12 345;2{NBSP}100;...;x;{MINUS}7;\"zwei\nZeilen\"\n"
    f"01100104;Körnerpark;10.002;8,25;980,75;7;1 000;75;950;.;0;\"sagte \"\"ja\"\"\"\n"
), "utf-8")

# UTF-8, ';', but line 4 was written with ',' (as when two exports are pasted together).
write("mixed-delimiters.csv", (
    "Bezirk;Einwohner;Kinder;Anteil\n"
    "Mitte;397.134;45.000;11,3\n"
    "Friedrichshain-Kreuzberg;293.454;34.000;11,6\n"
    "Pankow,410.716,52.000,12.7\n"
    "Neukölln;330.017;41.000;12,4\n"
), "utf-8")

# UTF-8 with BOM, ';': two title lines and a blank line above the header on line 4; a footnote
# marker in one cell; a blank line and four footnote lines below the data.
write("header-row-4.csv", (
    "Statistischer Bericht A I 5 – hj 2 / 24\n"
    "Einwohnerinnen und Einwohner im Land Berlin am 31. Dezember 2024\n"
    "\n"
    "Bezirk;Einwohner;darunter Ausländer;Anteil Ausländer\n"
    "Mitte;397.134;143.001;36,0\n"
    "Friedrichshain-Kreuzberg;293.454;86.915;29,6\n"
    "Pankow;410.716;68.130;16,6\n"
    "Neukölln;330.017;x;21,7\n"
    "Berlin;3.897.145;951.320;24,4 1)\n"
    "\n"
    "1) vorläufig;;;\n"
    "Die Summen können rundungsbedingt abweichen.\n"
    "Quelle: Amt für Statistik Berlin-Brandenburg\n"
    "© Amt für Statistik Berlin-Brandenburg, Potsdam, 2025\n"
), "utf-8", bom=True)

# UTF-8, ',': PLR keys that lost their leading zero in a spreadsheet (01100101 became 1100101).
write("key-lost-zeros.csv", (
    "PLR_ID,Kinder_unter_6,Anteil\n"
    "1100101,165,4.6\n"
    "1100102,91,4.5\n"
    "1100103,230,4.4\n"
    "2100101,112,3.9\n"
), "utf-8")
