/**
 * Country and time zone data derived once from the IANA time zone database (iso3166.tab and
 * zone.tab), so that validation and trip handling work offline. For a country spanning several
 * zones, the zone kept is the one of its capital or most populous region.
 */

/**
 * Every ISO 3166-1 alpha-2 code (249 of them), space separated.
 */
export const ISO_COUNTRY_CODES =
  'AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR ' +
  'BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ ' +
  'EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW ' +
  'GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY ' +
  'KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV ' +
  'MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY ' +
  'QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG ' +
  'TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ' +
  'ZW'

/**
 * Pairs "CC:Zone" giving the zone a trip to country CC follows.
 */
export const COUNTRY_ZONE_PAIRS =
  'AD:Europe/Andorra AE:Asia/Dubai AF:Asia/Kabul AG:America/Antigua AI:America/Anguilla ' +
  'AL:Europe/Tirane AM:Asia/Yerevan AO:Africa/Luanda AQ:Antarctica/McMurdo ' +
  'AR:America/Argentina/Buenos_Aires AS:Pacific/Pago_Pago AT:Europe/Vienna AU:Australia/Sydney ' +
  'AW:America/Aruba AX:Europe/Mariehamn AZ:Asia/Baku BA:Europe/Sarajevo BB:America/Barbados ' +
  'BD:Asia/Dhaka BE:Europe/Brussels BF:Africa/Ouagadougou BG:Europe/Sofia BH:Asia/Bahrain ' +
  'BI:Africa/Bujumbura BJ:Africa/Porto-Novo BL:America/St_Barthelemy BM:Atlantic/Bermuda ' +
  'BN:Asia/Brunei BO:America/La_Paz BQ:America/Kralendijk BR:America/Sao_Paulo ' +
  'BS:America/Nassau BT:Asia/Thimphu BW:Africa/Gaborone BY:Europe/Minsk BZ:America/Belize ' +
  'CA:America/Toronto CC:Indian/Cocos CD:Africa/Kinshasa CF:Africa/Bangui CG:Africa/Brazzaville ' +
  'CH:Europe/Zurich CI:Africa/Abidjan CK:Pacific/Rarotonga CL:America/Santiago CM:Africa/Douala ' +
  'CN:Asia/Shanghai CO:America/Bogota CR:America/Costa_Rica CU:America/Havana ' +
  'CV:Atlantic/Cape_Verde CW:America/Curacao CX:Indian/Christmas CY:Asia/Nicosia ' +
  'CZ:Europe/Prague DE:Europe/Berlin DJ:Africa/Djibouti DK:Europe/Copenhagen ' +
  'DM:America/Dominica DO:America/Santo_Domingo DZ:Africa/Algiers EC:America/Guayaquil ' +
  'EE:Europe/Tallinn EG:Africa/Cairo EH:Africa/El_Aaiun ER:Africa/Asmara ES:Europe/Madrid ' +
  'ET:Africa/Addis_Ababa FI:Europe/Helsinki FJ:Pacific/Fiji FK:Atlantic/Stanley ' +
  'FM:Pacific/Pohnpei FO:Atlantic/Faroe FR:Europe/Paris GA:Africa/Libreville GB:Europe/London ' +
  'GD:America/Grenada GE:Asia/Tbilisi GF:America/Cayenne GG:Europe/Guernsey GH:Africa/Accra ' +
  'GI:Europe/Gibraltar GL:America/Nuuk GM:Africa/Banjul GN:Africa/Conakry GP:America/Guadeloupe ' +
  'GQ:Africa/Malabo GR:Europe/Athens GS:Atlantic/South_Georgia GT:America/Guatemala ' +
  'GU:Pacific/Guam GW:Africa/Bissau GY:America/Guyana HK:Asia/Hong_Kong HN:America/Tegucigalpa ' +
  'HR:Europe/Zagreb HT:America/Port-au-Prince HU:Europe/Budapest ID:Asia/Jakarta ' +
  'IE:Europe/Dublin IL:Asia/Jerusalem IM:Europe/Isle_of_Man IN:Asia/Kolkata IO:Indian/Chagos ' +
  'IQ:Asia/Baghdad IR:Asia/Tehran IS:Atlantic/Reykjavik IT:Europe/Rome JE:Europe/Jersey ' +
  'JM:America/Jamaica JO:Asia/Amman JP:Asia/Tokyo KE:Africa/Nairobi KG:Asia/Bishkek ' +
  'KH:Asia/Phnom_Penh KI:Pacific/Tarawa KM:Indian/Comoro KN:America/St_Kitts KP:Asia/Pyongyang ' +
  'KR:Asia/Seoul KW:Asia/Kuwait KY:America/Cayman KZ:Asia/Almaty LA:Asia/Vientiane ' +
  'LB:Asia/Beirut LC:America/St_Lucia LI:Europe/Vaduz LK:Asia/Colombo LR:Africa/Monrovia ' +
  'LS:Africa/Maseru LT:Europe/Vilnius LU:Europe/Luxembourg LV:Europe/Riga LY:Africa/Tripoli ' +
  'MA:Africa/Casablanca MC:Europe/Monaco MD:Europe/Chisinau ME:Europe/Podgorica ' +
  'MF:America/Marigot MG:Indian/Antananarivo MH:Pacific/Majuro MK:Europe/Skopje ' +
  'ML:Africa/Bamako MM:Asia/Yangon MN:Asia/Ulaanbaatar MO:Asia/Macau MP:Pacific/Saipan ' +
  'MQ:America/Martinique MR:Africa/Nouakchott MS:America/Montserrat MT:Europe/Malta ' +
  'MU:Indian/Mauritius MV:Indian/Maldives MW:Africa/Blantyre MX:America/Mexico_City ' +
  'MY:Asia/Kuala_Lumpur MZ:Africa/Maputo NA:Africa/Windhoek NC:Pacific/Noumea NE:Africa/Niamey ' +
  'NF:Pacific/Norfolk NG:Africa/Lagos NI:America/Managua NL:Europe/Amsterdam NO:Europe/Oslo ' +
  'NP:Asia/Kathmandu NR:Pacific/Nauru NU:Pacific/Niue NZ:Pacific/Auckland OM:Asia/Muscat ' +
  'PA:America/Panama PE:America/Lima PF:Pacific/Tahiti PG:Pacific/Port_Moresby PH:Asia/Manila ' +
  'PK:Asia/Karachi PL:Europe/Warsaw PM:America/Miquelon PN:Pacific/Pitcairn ' +
  'PR:America/Puerto_Rico PS:Asia/Gaza PT:Europe/Lisbon PW:Pacific/Palau PY:America/Asuncion ' +
  'QA:Asia/Qatar RE:Indian/Reunion RO:Europe/Bucharest RS:Europe/Belgrade RU:Europe/Moscow ' +
  'RW:Africa/Kigali SA:Asia/Riyadh SB:Pacific/Guadalcanal SC:Indian/Mahe SD:Africa/Khartoum ' +
  'SE:Europe/Stockholm SG:Asia/Singapore SH:Atlantic/St_Helena SI:Europe/Ljubljana ' +
  'SJ:Arctic/Longyearbyen SK:Europe/Bratislava SL:Africa/Freetown SM:Europe/San_Marino ' +
  'SN:Africa/Dakar SO:Africa/Mogadishu SR:America/Paramaribo SS:Africa/Juba ST:Africa/Sao_Tome ' +
  'SV:America/El_Salvador SX:America/Lower_Princes SY:Asia/Damascus SZ:Africa/Mbabane ' +
  'TC:America/Grand_Turk TD:Africa/Ndjamena TF:Indian/Kerguelen TG:Africa/Lome TH:Asia/Bangkok ' +
  'TJ:Asia/Dushanbe TK:Pacific/Fakaofo TL:Asia/Dili TM:Asia/Ashgabat TN:Africa/Tunis ' +
  'TO:Pacific/Tongatapu TR:Europe/Istanbul TT:America/Port_of_Spain TV:Pacific/Funafuti ' +
  'TW:Asia/Taipei TZ:Africa/Dar_es_Salaam UA:Europe/Kyiv UG:Africa/Kampala UM:Pacific/Midway ' +
  'US:America/New_York UY:America/Montevideo UZ:Asia/Tashkent VA:Europe/Vatican ' +
  'VC:America/St_Vincent VE:America/Caracas VG:America/Tortola VI:America/St_Thomas ' +
  'VN:Asia/Ho_Chi_Minh VU:Pacific/Efate WF:Pacific/Wallis WS:Pacific/Apia YE:Asia/Aden ' +
  'YT:Indian/Mayotte ZA:Africa/Johannesburg ZM:Africa/Lusaka ZW:Africa/Harare'

/**
 * Pairs "Zone:CC" giving the country of each canonical zone.
 */
export const ZONE_COUNTRY_PAIRS =
  'Africa/Abidjan:CI Africa/Accra:GH Africa/Addis_Ababa:ET Africa/Algiers:DZ Africa/Asmara:ER ' +
  'Africa/Bamako:ML Africa/Bangui:CF Africa/Banjul:GM Africa/Bissau:GW Africa/Blantyre:MW ' +
  'Africa/Brazzaville:CG Africa/Bujumbura:BI Africa/Cairo:EG Africa/Casablanca:MA ' +
  'Africa/Ceuta:ES Africa/Conakry:GN Africa/Dakar:SN Africa/Dar_es_Salaam:TZ Africa/Djibouti:DJ ' +
  'Africa/Douala:CM Africa/El_Aaiun:EH Africa/Freetown:SL Africa/Gaborone:BW Africa/Harare:ZW ' +
  'Africa/Johannesburg:ZA Africa/Juba:SS Africa/Kampala:UG Africa/Khartoum:SD Africa/Kigali:RW ' +
  'Africa/Kinshasa:CD Africa/Lagos:NG Africa/Libreville:GA Africa/Lome:TG Africa/Luanda:AO ' +
  'Africa/Lubumbashi:CD Africa/Lusaka:ZM Africa/Malabo:GQ Africa/Maputo:MZ Africa/Maseru:LS ' +
  'Africa/Mbabane:SZ Africa/Mogadishu:SO Africa/Monrovia:LR Africa/Nairobi:KE ' +
  'Africa/Ndjamena:TD Africa/Niamey:NE Africa/Nouakchott:MR Africa/Ouagadougou:BF ' +
  'Africa/Porto-Novo:BJ Africa/Sao_Tome:ST Africa/Tripoli:LY Africa/Tunis:TN Africa/Windhoek:NA ' +
  'America/Adak:US America/Anchorage:US America/Anguilla:AI America/Antigua:AG ' +
  'America/Araguaina:BR America/Argentina/Buenos_Aires:AR America/Argentina/Catamarca:AR ' +
  'America/Argentina/Cordoba:AR America/Argentina/Jujuy:AR America/Argentina/La_Rioja:AR ' +
  'America/Argentina/Mendoza:AR America/Argentina/Rio_Gallegos:AR America/Argentina/Salta:AR ' +
  'America/Argentina/San_Juan:AR America/Argentina/San_Luis:AR America/Argentina/Tucuman:AR ' +
  'America/Argentina/Ushuaia:AR America/Aruba:AW America/Asuncion:PY America/Atikokan:CA ' +
  'America/Bahia:BR America/Bahia_Banderas:MX America/Barbados:BB America/Belem:BR ' +
  'America/Belize:BZ America/Blanc-Sablon:CA America/Boa_Vista:BR America/Bogota:CO ' +
  'America/Boise:US America/Cambridge_Bay:CA America/Campo_Grande:BR America/Cancun:MX ' +
  'America/Caracas:VE America/Cayenne:GF America/Cayman:KY America/Chicago:US ' +
  'America/Chihuahua:MX America/Ciudad_Juarez:MX America/Costa_Rica:CR America/Coyhaique:CL ' +
  'America/Creston:CA America/Cuiaba:BR America/Curacao:CW America/Danmarkshavn:GL ' +
  'America/Dawson:CA America/Dawson_Creek:CA America/Denver:US America/Detroit:US ' +
  'America/Dominica:DM America/Edmonton:CA America/Eirunepe:BR America/El_Salvador:SV ' +
  'America/Fort_Nelson:CA America/Fortaleza:BR America/Glace_Bay:CA America/Goose_Bay:CA ' +
  'America/Grand_Turk:TC America/Grenada:GD America/Guadeloupe:GP America/Guatemala:GT ' +
  'America/Guayaquil:EC America/Guyana:GY America/Halifax:CA America/Havana:CU ' +
  'America/Hermosillo:MX America/Indiana/Indianapolis:US America/Indiana/Knox:US ' +
  'America/Indiana/Marengo:US America/Indiana/Petersburg:US America/Indiana/Tell_City:US ' +
  'America/Indiana/Vevay:US America/Indiana/Vincennes:US America/Indiana/Winamac:US ' +
  'America/Inuvik:CA America/Iqaluit:CA America/Jamaica:JM America/Juneau:US ' +
  'America/Kentucky/Louisville:US America/Kentucky/Monticello:US America/Kralendijk:BQ ' +
  'America/La_Paz:BO America/Lima:PE America/Los_Angeles:US America/Lower_Princes:SX ' +
  'America/Maceio:BR America/Managua:NI America/Manaus:BR America/Marigot:MF ' +
  'America/Martinique:MQ America/Matamoros:MX America/Mazatlan:MX America/Menominee:US ' +
  'America/Merida:MX America/Metlakatla:US America/Mexico_City:MX America/Miquelon:PM ' +
  'America/Moncton:CA America/Monterrey:MX America/Montevideo:UY America/Montserrat:MS ' +
  'America/Nassau:BS America/New_York:US America/Nome:US America/Noronha:BR ' +
  'America/North_Dakota/Beulah:US America/North_Dakota/Center:US ' +
  'America/North_Dakota/New_Salem:US America/Nuuk:GL America/Ojinaga:MX America/Panama:PA ' +
  'America/Paramaribo:SR America/Phoenix:US America/Port-au-Prince:HT America/Port_of_Spain:TT ' +
  'America/Porto_Velho:BR America/Puerto_Rico:PR America/Punta_Arenas:CL ' +
  'America/Rankin_Inlet:CA America/Recife:BR America/Regina:CA America/Resolute:CA ' +
  'America/Rio_Branco:BR America/Santarem:BR America/Santiago:CL America/Santo_Domingo:DO ' +
  'America/Sao_Paulo:BR America/Scoresbysund:GL America/Sitka:US America/St_Barthelemy:BL ' +
  'America/St_Johns:CA America/St_Kitts:KN America/St_Lucia:LC America/St_Thomas:VI ' +
  'America/St_Vincent:VC America/Swift_Current:CA America/Tegucigalpa:HN America/Thule:GL ' +
  'America/Tijuana:MX America/Toronto:CA America/Tortola:VG America/Vancouver:CA ' +
  'America/Whitehorse:CA America/Winnipeg:CA America/Yakutat:US Antarctica/Casey:AQ ' +
  'Antarctica/Davis:AQ Antarctica/DumontDUrville:AQ Antarctica/Macquarie:AU ' +
  'Antarctica/Mawson:AQ Antarctica/McMurdo:AQ Antarctica/Palmer:AQ Antarctica/Rothera:AQ ' +
  'Antarctica/Syowa:AQ Antarctica/Troll:AQ Antarctica/Vostok:AQ Arctic/Longyearbyen:SJ ' +
  'Asia/Aden:YE Asia/Almaty:KZ Asia/Amman:JO Asia/Anadyr:RU Asia/Aqtau:KZ Asia/Aqtobe:KZ ' +
  'Asia/Ashgabat:TM Asia/Atyrau:KZ Asia/Baghdad:IQ Asia/Bahrain:BH Asia/Baku:AZ Asia/Bangkok:TH ' +
  'Asia/Barnaul:RU Asia/Beirut:LB Asia/Bishkek:KG Asia/Brunei:BN Asia/Chita:RU Asia/Colombo:LK ' +
  'Asia/Damascus:SY Asia/Dhaka:BD Asia/Dili:TL Asia/Dubai:AE Asia/Dushanbe:TJ Asia/Famagusta:CY ' +
  'Asia/Gaza:PS Asia/Hebron:PS Asia/Ho_Chi_Minh:VN Asia/Hong_Kong:HK Asia/Hovd:MN ' +
  'Asia/Irkutsk:RU Asia/Jakarta:ID Asia/Jayapura:ID Asia/Jerusalem:IL Asia/Kabul:AF ' +
  'Asia/Kamchatka:RU Asia/Karachi:PK Asia/Kathmandu:NP Asia/Khandyga:RU Asia/Kolkata:IN ' +
  'Asia/Krasnoyarsk:RU Asia/Kuala_Lumpur:MY Asia/Kuching:MY Asia/Kuwait:KW Asia/Macau:MO ' +
  'Asia/Magadan:RU Asia/Makassar:ID Asia/Manila:PH Asia/Muscat:OM Asia/Nicosia:CY ' +
  'Asia/Novokuznetsk:RU Asia/Novosibirsk:RU Asia/Omsk:RU Asia/Oral:KZ Asia/Phnom_Penh:KH ' +
  'Asia/Pontianak:ID Asia/Pyongyang:KP Asia/Qatar:QA Asia/Qostanay:KZ Asia/Qyzylorda:KZ ' +
  'Asia/Riyadh:SA Asia/Sakhalin:RU Asia/Samarkand:UZ Asia/Seoul:KR Asia/Shanghai:CN ' +
  'Asia/Singapore:SG Asia/Srednekolymsk:RU Asia/Taipei:TW Asia/Tashkent:UZ Asia/Tbilisi:GE ' +
  'Asia/Tehran:IR Asia/Thimphu:BT Asia/Tokyo:JP Asia/Tomsk:RU Asia/Ulaanbaatar:MN ' +
  'Asia/Urumqi:CN Asia/Ust-Nera:RU Asia/Vientiane:LA Asia/Vladivostok:RU Asia/Yakutsk:RU ' +
  'Asia/Yangon:MM Asia/Yekaterinburg:RU Asia/Yerevan:AM Atlantic/Azores:PT Atlantic/Bermuda:BM ' +
  'Atlantic/Canary:ES Atlantic/Cape_Verde:CV Atlantic/Faroe:FO Atlantic/Madeira:PT ' +
  'Atlantic/Reykjavik:IS Atlantic/South_Georgia:GS Atlantic/St_Helena:SH Atlantic/Stanley:FK ' +
  'Australia/Adelaide:AU Australia/Brisbane:AU Australia/Broken_Hill:AU Australia/Darwin:AU ' +
  'Australia/Eucla:AU Australia/Hobart:AU Australia/Lindeman:AU Australia/Lord_Howe:AU ' +
  'Australia/Melbourne:AU Australia/Perth:AU Australia/Sydney:AU Europe/Amsterdam:NL ' +
  'Europe/Andorra:AD Europe/Astrakhan:RU Europe/Athens:GR Europe/Belgrade:RS Europe/Berlin:DE ' +
  'Europe/Bratislava:SK Europe/Brussels:BE Europe/Bucharest:RO Europe/Budapest:HU ' +
  'Europe/Busingen:DE Europe/Chisinau:MD Europe/Copenhagen:DK Europe/Dublin:IE ' +
  'Europe/Gibraltar:GI Europe/Guernsey:GG Europe/Helsinki:FI Europe/Isle_of_Man:IM ' +
  'Europe/Istanbul:TR Europe/Jersey:JE Europe/Kaliningrad:RU Europe/Kirov:RU Europe/Kyiv:UA ' +
  'Europe/Lisbon:PT Europe/Ljubljana:SI Europe/London:GB Europe/Luxembourg:LU Europe/Madrid:ES ' +
  'Europe/Malta:MT Europe/Mariehamn:AX Europe/Minsk:BY Europe/Monaco:MC Europe/Moscow:RU ' +
  'Europe/Oslo:NO Europe/Paris:FR Europe/Podgorica:ME Europe/Prague:CZ Europe/Riga:LV ' +
  'Europe/Rome:IT Europe/Samara:RU Europe/San_Marino:SM Europe/Sarajevo:BA Europe/Saratov:RU ' +
  'Europe/Simferopol:UA Europe/Skopje:MK Europe/Sofia:BG Europe/Stockholm:SE Europe/Tallinn:EE ' +
  'Europe/Tirane:AL Europe/Ulyanovsk:RU Europe/Vaduz:LI Europe/Vatican:VA Europe/Vienna:AT ' +
  'Europe/Vilnius:LT Europe/Volgograd:RU Europe/Warsaw:PL Europe/Zagreb:HR Europe/Zurich:CH ' +
  'Indian/Antananarivo:MG Indian/Chagos:IO Indian/Christmas:CX Indian/Cocos:CC Indian/Comoro:KM ' +
  'Indian/Kerguelen:TF Indian/Mahe:SC Indian/Maldives:MV Indian/Mauritius:MU Indian/Mayotte:YT ' +
  'Indian/Reunion:RE Pacific/Apia:WS Pacific/Auckland:NZ Pacific/Bougainville:PG ' +
  'Pacific/Chatham:NZ Pacific/Chuuk:FM Pacific/Easter:CL Pacific/Efate:VU Pacific/Fakaofo:TK ' +
  'Pacific/Fiji:FJ Pacific/Funafuti:TV Pacific/Galapagos:EC Pacific/Gambier:PF ' +
  'Pacific/Guadalcanal:SB Pacific/Guam:GU Pacific/Honolulu:US Pacific/Kanton:KI ' +
  'Pacific/Kiritimati:KI Pacific/Kosrae:FM Pacific/Kwajalein:MH Pacific/Majuro:MH ' +
  'Pacific/Marquesas:PF Pacific/Midway:UM Pacific/Nauru:NR Pacific/Niue:NU Pacific/Norfolk:NF ' +
  'Pacific/Noumea:NC Pacific/Pago_Pago:AS Pacific/Palau:PW Pacific/Pitcairn:PN ' +
  'Pacific/Pohnpei:FM Pacific/Port_Moresby:PG Pacific/Rarotonga:CK Pacific/Saipan:MP ' +
  'Pacific/Tahiti:PF Pacific/Tarawa:KI Pacific/Tongatapu:TO Pacific/Wake:UM Pacific/Wallis:WF'
